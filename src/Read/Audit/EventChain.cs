using System.Globalization;
using System.Security.Cryptography;
using ERaport.Write.Common;
using Npgsql;
using NpgsqlTypes;

namespace ERaport.Read.Audit;

/// <summary>What a verification found: the log is intact up to <see cref="VerifiedUpTo"/>, or the first
/// event that was changed, inserted or removed outside the app. <see cref="Message"/> is for people (the admin page, the
/// command line); programs read <see cref="Intact"/>, <see cref="Problem"/> and <see cref="ProblemSequence"/>.</summary>
public sealed record ChainVerification(bool Intact, long Events, long VerifiedUpTo, TamperKind? Problem, long? ProblemSequence, string Message)
{
    /// <summary>A count or a change's number in Indonesian digits whatever the server's culture (a school's log passes 1.000
    /// changes in days), as every page writes them.</summary>
    public static string Nth(long number) => number.ToString("N0", SchoolTime.Indonesian);

    /// <summary>The count and the last change checked, for people.</summary>
    public static ChainVerification IntactUpTo(long count, long verified) => new(true, count, verified, null, null,
        $"Catatan perubahan utuh: {Nth(count)} perubahan diperiksa sampai perubahan ke-{Nth(verified)}.");
}

public enum TamperKind
{
    Changed,
    Inserted,
    Removed,
    CheckpointMismatch,
}

/// <summary>A root hash recorded at a moment that matters (a lock, a print), to be kept outside the server too.</summary>
public sealed record ChainCheckpoint(long Sequence, string Root, DateTimeOffset RecordedAt, string Reason, string RecordedBy)
{
    /// <summary>One line to hand to someone outside the school (e.g. the district office).</summary>
    public string Export(string schoolId) =>
        $"eraport-checkpoint school={schoolId} sequence={Sequence} root={Root} at={RecordedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}";
}

/// <summary>Tamper evidence for the event store: a chain of HMAC-SHA256 links, one per event, each over
/// the previous link and the event's stored row (stream, version, type, time, who, data, headers). The key
/// lives outside the database, so someone who can only edit the database cannot forge links; a changed,
/// inserted or removed event row breaks the chain at that event. Checkpoints kept outside the server also
/// catch whoever holds both the database and the key.</summary>
public sealed class EventChain(NpgsqlDataSource database, string schema, byte[] key)
{
    private const char Separator = '\u001f';
    private volatile bool _tablesReady;

    private string Events => $"{schema}.mt_events";
    private string Links => $"{schema}.eraport_event_chain";
    private string Checkpoints => $"{schema}.eraport_chain_checkpoints";

    /// <summary>Links every event after the last linked one, up to <paramref name="ceiling"/>, in one
    /// transaction; safe to repeat.</summary>
    public async Task<long> ExtendAsync(long ceiling, CancellationToken ct)
    {
        await EnsureTablesAsync(ct);
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // One extender at a time, whichever node it runs on.
        await Execute(connection, $"select pg_advisory_xact_lock(hashtext('{Links}'))", ct);
        var (lastSequence, previous) = await LastLinkAsync(connection, ct);
        var sequences = new List<long>();
        var links = new List<byte[]>();
        var writer = new LinkWriter(key);
        await using (var reader = await ReadEventsAsync(connection, lastSequence, ceiling, ct))
        {
            while (await reader.ReadAsync(ct))
            {
                previous = writer.Link(previous, reader);
                sequences.Add(reader.GetInt64(0));
                links.Add(previous);
            }
        }
        if (sequences.Count > 0)
        {
            await using var insert = new NpgsqlCommand($"insert into {Links} (seq_id, link) select * from unnest(@s, @l) on conflict do nothing", connection);
            insert.Parameters.Add(new NpgsqlParameter("s", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = sequences.ToArray() });
            insert.Parameters.Add(new NpgsqlParameter("l", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = links.ToArray() });
            await insert.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return sequences.Count > 0 ? sequences[^1] : lastSequence;
    }

    /// <summary>Re-checks the whole log against the chain and the recorded checkpoints (and any given from outside).</summary>
    public async Task<ChainVerification> VerifyAsync(IReadOnlyCollection<(long Sequence, string Root)>? external, CancellationToken ct)
    {
        await EnsureTablesAsync(ct);
        await using var eventsConnection = await database.OpenConnectionAsync(ct);
        await using var linksConnection = await database.OpenConnectionAsync(ct);
        var expectedRoots = (await CheckpointsAsync(null, ct)).Select(c => (c.Sequence, c.Root)).Concat(external ?? []).ToList();
        var roots = new Dictionary<long, string>();
        await using var events = await ReadEventsAsync(eventsConnection, 0, long.MaxValue, ct);
        await using var linkCommand = new NpgsqlCommand($"select seq_id, link from {Links} order by seq_id", linksConnection);
        await using var links = await linkCommand.ExecuteReaderAsync(ct);

        var previous = Array.Empty<byte>();
        var writer = new LinkWriter(key);
        long count = 0, verified = 0;
        var hasEvent = await events.ReadAsync(ct);
        var hasLink = await links.ReadAsync(ct);
        while (hasLink)
        {
            var linkSequence = links.GetInt64(0);
            if (!hasEvent || events.GetInt64(0) > linkSequence)
                return Broken(TamperKind.Removed, linkSequence, count, verified,
                    $"Perubahan ke-{ChainVerification.Nth(linkSequence)} hilang dari catatan: segelnya ada dalam rantai, tetapi perubahannya tidak ada lagi di basis data.");
            var eventSequence = events.GetInt64(0);
            if (eventSequence < linkSequence)
                return Broken(TamperKind.Inserted, eventSequence, count, verified,
                    $"Perubahan ke-{ChainVerification.Nth(eventSequence)} disisipkan di luar aplikasi: tidak ada segelnya dalam rantai.");
            var link = writer.Link(previous, events);
            if (!CryptographicOperations.FixedTimeEquals(link, (byte[])links[1]))
                return Broken(TamperKind.Changed, eventSequence, count, verified,
                    $"Perubahan ke-{ChainVerification.Nth(eventSequence)} diubah di luar aplikasi: isinya tidak cocok dengan segelnya.");
            previous = link;
            verified = eventSequence;
            count++;
            roots[eventSequence] = Convert.ToHexStringLower(link);
            hasEvent = await events.ReadAsync(ct);
            hasLink = await links.ReadAsync(ct);
        }
        // Events after the last link are not chained yet (the chain follows the log within seconds).
        foreach (var (sequence, root) in expectedRoots)
            if (sequence <= verified && (!roots.TryGetValue(sequence, out var actual) || actual != root))
                return Broken(TamperKind.CheckpointMismatch, sequence, count, verified,
                    $"Titik periksa pada perubahan ke-{ChainVerification.Nth(sequence)} tidak cocok: catatan sampai titik itu telah ditulis ulang.");
        return ChainVerification.IntactUpTo(count, verified);
    }

    /// <summary>The last event sequence the chain covers.</summary>
    public async Task<long> ChainedUpToAsync(CancellationToken ct)
    {
        await EnsureTablesAsync(ct);
        await using var connection = await database.OpenConnectionAsync(ct);
        return (await LastLinkAsync(connection, ct)).Sequence;
    }

    /// <param name="schoolId">Whose lock, print or admin it was: a school's admin lists its own checkpoints, whose reasons name its
    /// classes and people.</param>
    public async Task<ChainCheckpoint> RecordCheckpointAsync(string schoolId, string reason, string recordedBy, CancellationToken ct)
    {
        await EnsureTablesAsync(ct);
        await using var connection = await database.OpenConnectionAsync(ct);
        var (sequence, link) = await LastLinkAsync(connection, ct);
        var checkpoint = new ChainCheckpoint(sequence, Convert.ToHexStringLower(link), DateTimeOffset.UtcNow, reason, recordedBy);
        await using var insert = new NpgsqlCommand(
            $"insert into {Checkpoints} (seq_id, root, recorded_at, reason, recorded_by, school_id) values (@s, @r, @t, @why, @by, @school)", connection);
        insert.Parameters.AddWithValue("s", checkpoint.Sequence);
        insert.Parameters.AddWithValue("r", checkpoint.Root);
        insert.Parameters.AddWithValue("t", checkpoint.RecordedAt);
        insert.Parameters.AddWithValue("why", reason);
        insert.Parameters.AddWithValue("by", recordedBy);
        insert.Parameters.AddWithValue("school", schoolId);
        await insert.ExecuteNonQueryAsync(ct);
        return checkpoint;
    }

    /// <summary>The checkpoints of one school (with those recorded before checkpoints named their school, when a deployment served
    /// one school), or of every school (null) for the chain's own check.</summary>
    public async Task<List<ChainCheckpoint>> CheckpointsAsync(string? schoolId, CancellationToken ct)
    {
        await EnsureTablesAsync(ct);
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var select = new NpgsqlCommand($"select seq_id, root, recorded_at, reason, recorded_by from {Checkpoints} " +
            "where @school is null or school_id = @school or school_id is null order by id desc", connection);
        select.Parameters.Add(new NpgsqlParameter<string?>("school", schoolId));
        await using var reader = await select.ExecuteReaderAsync(ct);
        var checkpoints = new List<ChainCheckpoint>();
        while (await reader.ReadAsync(ct))
            checkpoints.Add(new ChainCheckpoint(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3), reader.GetString(4)));
        return checkpoints;
    }

    private static ChainVerification Broken(TamperKind kind, long sequence, long count, long verified, string message) =>
        new(false, count, verified, kind, sequence, message);

    /// <summary>HMAC over the previous link and the event row as stored (jsonb's text form is canonical): the UTF-8 of
    /// the row's fields joined by <see cref="Separator"/>, numbers in invariant digits and the time as UTC ticks. The
    /// message is built in one buffer reused from event to event; the text columns arrive as their UTF-8 bytes
    /// (<see cref="ReadEventsAsync"/>), so a 12 kB results event costs no string copies (these were a fifth of
    /// the app's allocations under sheet saves, docs/benchmarks.md).</summary>
    private sealed class LinkWriter(byte[] key)
    {
        private byte[] _message = new byte[16 * 1024];
        private int _length;

        public byte[] Link(byte[] previous, NpgsqlDataReader row)
        {
            _length = 0;
            Append(previous);
            Number(row.GetInt64(0));
            Text(row, 1, separated: true);
            Number(row.GetInt64(2));
            Text(row, 3, separated: true);
            Number(row.GetFieldValue<DateTimeOffset>(4).UtcTicks);
            Text(row, 5, separated: true);
            Text(row, 6, separated: true);
            Text(row, 7, separated: false);
            return HMACSHA256.HashData(key, _message.AsSpan(0, _length));
        }

        private void Number(long value)
        {
            Room(24);
            value.TryFormat(_message.AsSpan(_length), out var written, provider: CultureInfo.InvariantCulture);
            _length += written;
            _message[_length++] = (byte)Separator;
        }

        /// <summary>A text column read as its UTF-8 bytes; null reads as empty.</summary>
        private void Text(NpgsqlDataReader row, int ordinal, bool separated)
        {
            if (!row.IsDBNull(ordinal))
            {
                var length = (int)row.GetBytes(ordinal, 0, null, 0, 0);
                Room(length + 1);
                _length += (int)row.GetBytes(ordinal, 0, _message, _length, length);
            }
            if (separated)
            {
                Room(1);
                _message[_length++] = (byte)Separator;
            }
        }

        private void Append(ReadOnlySpan<byte> bytes)
        {
            Room(bytes.Length);
            bytes.CopyTo(_message.AsSpan(_length));
            _length += bytes.Length;
        }

        private void Room(int bytes)
        {
            if (_length + bytes > _message.Length)
                Array.Resize(ref _message, Math.Max(_message.Length * 2, _length + bytes));
        }
    }

    private async Task<NpgsqlDataReader> ReadEventsAsync(NpgsqlConnection connection, long after, long until, CancellationToken ct)
    {
        var select = new NpgsqlCommand(
            "select seq_id, convert_to(stream_id, 'UTF8'), version, convert_to(type, 'UTF8'), timestamp, convert_to(user_name, 'UTF8'), " +
            $"convert_to(data::text, 'UTF8'), convert_to(headers::text, 'UTF8') from {Events} " +
            "where seq_id > @after and seq_id <= @until order by seq_id", connection);
        select.Parameters.AddWithValue("after", after);
        select.Parameters.AddWithValue("until", until);
        return await select.ExecuteReaderAsync(ct);
    }

    private async Task<(long Sequence, byte[] Link)> LastLinkAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var select = new NpgsqlCommand($"select seq_id, link from {Links} order by seq_id desc limit 1", connection);
        await using var reader = await select.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), (byte[])reader[1]) : (0, []);
    }

    private async Task EnsureTablesAsync(CancellationToken ct)
    {
        if (_tablesReady)
            return;
        await using var connection = await database.OpenConnectionAsync(ct);
        await Execute(connection,
            $"create table if not exists {Links} (seq_id bigint primary key, link bytea not null); " +
            $"create table if not exists {Checkpoints} (id bigserial primary key, seq_id bigint not null, root text not null, " +
            "recorded_at timestamptz not null, reason text not null, recorded_by text not null); " +
            $"alter table {Checkpoints} add column if not exists school_id text", ct);
        _tablesReady = true;
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
