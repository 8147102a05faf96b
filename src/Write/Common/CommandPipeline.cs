using JasperFx.Events;
using Marten;
using Marten.Services.BatchQuerying;

namespace ERaport.Write.Common;

/// <summary>Remembers that a command was carried out, so that sending it again gives the first answer.</summary>
public sealed class CommandReceipt
{
    public Guid Id { get; set; }
    public string StreamKey { get; set; } = "";
    public long StreamVersion { get; set; }
    public int Changes { get; set; }

    /// <summary>What the client sent (<see cref="CommandFingerprint"/>); null on receipts stored before it was kept.</summary>
    public string? Fingerprint { get; set; }

    /// <summary>Whether a command sent again under this receipt's id is the same command: the same stream or receipt
    /// key and, when the receipt knows it, the same content.</summary>
    public bool Answers(string key, string fingerprint) => StreamKey == key && (Fingerprint is null || Fingerprint == fingerprint);
}

/// <summary>An event a decision calculated (a final grade, a generated description) rather than one a person
/// entered: it is stored with source <see cref="EntrySource.Calculation"/>, whatever brought the command in.</summary>
public interface ICalculatedEvent;

/// <summary>The one way a command reaches a stream: lock the stream, answer a repeated command with its
/// first outcome (the same id with other content is refused), run the pure decision, append its events with a
/// receipt in one transaction, and answer with the event sequence the reader can wait for.</summary>
public static class CommandPipeline
{
    public const string SourceHeader = "source";
    public const string CommandIdHeader = "command-id";

    public static Task<CommandOutcome> Execute<TAggregate>(
        IDocumentSession session, ICommand command, string streamKey,
        Func<TAggregate?, Task<Decision>> decide, CancellationToken ct) where TAggregate : class =>
        Execute<TAggregate, TAggregate?>(session, command, streamKey,
            (aggregate, _) => Task.FromResult(aggregate), (_, aggregate) => decide(aggregate), ct);

    /// <summary>The same, for a decision that also needs documents the aggregate points to (a gradebook's class):
    /// <paramref name="load"/> adds them to the batch that looks for the receipt, so both take one round trip.</summary>
    public static async Task<CommandOutcome> Execute<TAggregate, TContext>(
        IDocumentSession session, ICommand command, string streamKey,
        Func<TAggregate?, IBatchedQuery, Task<TContext>> load, Func<TAggregate?, TContext, Task<Decision>> decide, CancellationToken ct)
        where TAggregate : class
    {
        if (command.CommandId == Guid.Empty)
            return CommandOutcome.Rejected(OutcomeStatus.Invalid, MissingId);
        var fingerprint = CommandFingerprint.Of(command); // before the lock: a 5,000-cell save takes milliseconds

        // The lock serialises writers of one stream; decisions compare cell values, not stream versions,
        // so saves of different cells never conflict.
        var stream = await session.Events.FetchForExclusiveWriting<TAggregate>(streamKey, ct);

        var batch = session.CreateBatchQuery();
        var receiptLoaded = batch.Load<CommandReceipt>(command.CommandId);
        var contextLoaded = load(stream.Aggregate, batch);
        await batch.Execute(ct);
        var receipt = await receiptLoaded;
        if (receipt is not null)
            return await Replay(session, receipt, streamKey, fingerprint, ct);
        return await AppendAsync(session, command, fingerprint, streamKey, stream, await decide(stream.Aggregate, await contextLoaded), ct);
    }

    private static async Task<CommandOutcome> AppendAsync<TAggregate>(
        IDocumentSession session, ICommand command, string fingerprint, string streamKey, IEventStream<TAggregate> stream,
        Decision decision, CancellationToken ct) where TAggregate : class
    {
        if (!decision.IsAccepted)
            return CommandOutcome.Rejected(decision.Status, decision.Errors);
        if (decision.Events.Count == 0)
            return CommandOutcome.Accepted(0, 0);
        if (stream.Aggregate is null && !await IdClaims.ClaimAsync(session, [streamKey], ct))
            return CommandOutcome.Rejected(OutcomeStatus.Conflict, IdTaken);

        stream.AppendMany(decision.Events.ToArray());
        Stamp(session, command, stream.Events);
        session.Store(new CommandReceipt
        {
            Id = command.CommandId,
            StreamKey = streamKey,
            StreamVersion = (stream.StartingVersion ?? 0) + decision.Events.Count,
            Changes = decision.Changes,
            Fingerprint = fingerprint,
        });
        if (await SaveAsync(session, ct) is { } refused)
            return CommandOutcome.Rejected(OutcomeStatus.Conflict, refused);

        return CommandOutcome.Accepted(stream.Events.Max(e => e.Sequence), decision.Changes);
    }

    /// <summary>A command that appends to several streams in one transaction (an import, a move, locking a
    /// class, approving a correction): all of it is stored or none. Writers are serialised either by an
    /// advisory lock the caller takes in the open transaction before this, or by fetching streams through
    /// <see cref="StreamLocks"/> in <paramref name="decide"/> (in key order, so that two such commands never
    /// wait for each other in a circle). <paramref name="receiptKey"/> names the command in its receipt (not a
    /// stream), so a repeated command answers with the first outcome.</summary>
    public static async Task<CommandOutcome> ExecuteMany(
        IDocumentSession session, ICommand command, string receiptKey,
        Func<StreamLocks, Task<MultiDecision>> decide, CancellationToken ct)
    {
        if (command.CommandId == Guid.Empty)
            return CommandOutcome.Rejected(OutcomeStatus.Invalid, MissingId);
        var fingerprint = CommandFingerprint.Of(command);

        var locks = new StreamLocks(session, ct);
        var decision = await decide(locks);
        // Checked once the decision holds its locks, so a command sent twice at once is carried out once.
        var receipt = await session.LoadAsync<CommandReceipt>(command.CommandId, ct);
        if (receipt is not null)
            return !receipt.Answers(receiptKey, fingerprint)
                ? CommandOutcome.Rejected(OutcomeStatus.Conflict, IdReused)
                : CommandOutcome.Accepted(await SequenceOfAsync(session, command.CommandId, ct), receipt.Changes) with { Repeated = true };
        if (!decision.IsAccepted)
            return CommandOutcome.Rejected(decision.Status, decision.Errors);
        if (decision.Streams.Count == 0)
            return CommandOutcome.Accepted(0, 0);
        if (!await IdClaims.ClaimAsync(session, [.. decision.Streams.Where(s => s.IsNew).Select(s => s.StreamKey)], ct))
            return CommandOutcome.Rejected(OutcomeStatus.Conflict, IdTaken);

        var appended = decision.Streams.SelectMany(s => locks.Append(s)).ToList();
        Stamp(session, command, appended);
        session.Store(new CommandReceipt
        {
            Id = command.CommandId, StreamKey = receiptKey, StreamVersion = 0, Changes = decision.Changes, Fingerprint = fingerprint,
        });
        if (await SaveAsync(session, ct) is { } refused)
            return CommandOutcome.Rejected(OutcomeStatus.Conflict, refused);

        return CommandOutcome.Accepted(appended.Max(e => e.Sequence), decision.Changes);
    }

    /// <summary>A multi-stream command whose caller has already serialised its writers (an advisory lock).</summary>
    public static Task<CommandOutcome> ExecuteMany(
        IDocumentSession session, ICommand command, string receiptKey,
        Func<Task<MultiDecision>> decide, CancellationToken ct) =>
        ExecuteMany(session, command, receiptKey, _ => decide(), ct);

    /// <summary>Commits the command; when a unique key refuses it, nothing of it is stored and the answer says why: another
    /// school's command claimed one of its new ids meanwhile, or another request stored the same thing meanwhile (an account's
    /// user name sent twice at once).</summary>
    private static async Task<DomainError?> SaveAsync(IDocumentSession session, CancellationToken ct)
    {
        try
        {
            await session.SaveChangesAsync(ct);
            return null;
        }
        catch (Exception e) when (IdClaims.IsTaken(e))
        {
            return IdTaken;
        }
        catch (Exception e) when (IdClaims.UniqueViolation(e) is not null)
        {
            return StoredMeanwhile;
        }
    }

    internal static readonly DomainError StoredMeanwhile = new("command.stored_meanwhile",
        "Data yang sama baru saja disimpan oleh permintaan lain (mis. tombol ditekan dua kali); yang ini tidak disimpan. Muat ulang halaman lalu periksa.");

    /// <summary>Who, which command and through what, on every event about to be stored.</summary>
    private static void Stamp(IDocumentSession session, ICommand command, IEnumerable<IEvent> events)
    {
        session.LastModifiedBy = command.By.UserName;
        session.SetHeader(CommandIdHeader, command.CommandId.ToString());
        // Per event, not per session: a session header would overwrite the calculation's own source at save.
        foreach (var e in events)
            e.SetHeader(SourceHeader, (e.Data is ICalculatedEvent ? EntrySource.Calculation : command.Source).ToString());
    }

    internal static readonly DomainError MissingId = new("command.id_missing", "Setiap perintah wajib membawa commandId (GUID) dari klien.");

    internal static readonly DomainError IdTaken = new("id.taken", "Id ini sudah dipakai untuk data lain. Buat id baru.");

    public static readonly DomainError IdReused = new("command.id_reused", "commandId ini sudah dipakai untuk perintah dengan isi lain. Buat commandId baru.");

    /// <summary>The last sequence a multi-stream command produced, found by the command-id header its events carry.</summary>
    private static async Task<long> SequenceOfAsync(IDocumentSession session, Guid commandId, CancellationToken ct)
    {
        var schema = session.DocumentStore.Options.Events.DatabaseSchemaName;
        var found = await session.QueryAsync<long>(
            $"select coalesce(max(seq_id), 0) from {schema}.mt_events where headers ->> '{CommandIdHeader}' = ?", ct, commandId.ToString());
        return found.FirstOrDefault();
    }

    private static async Task<CommandOutcome> Replay(IDocumentSession session, CommandReceipt receipt, string streamKey, string fingerprint,
        CancellationToken ct)
    {
        if (!receipt.Answers(streamKey, fingerprint))
            return CommandOutcome.Rejected(OutcomeStatus.Conflict, IdReused);

        var sequence = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey == receipt.StreamKey && e.Version == receipt.StreamVersion)
            .Select(e => e.Sequence)
            .FirstOrDefaultAsync(ct);
        return CommandOutcome.Accepted(sequence, receipt.Changes) with { Repeated = true };
    }
}

/// <summary>The streams a multi-stream command has fetched for writing; each stays locked until the command's
/// transaction ends.</summary>
public sealed class StreamLocks(IDocumentSession session, CancellationToken ct)
{
    private readonly Dictionary<string, Func<IReadOnlyList<object>, IReadOnlyList<IEvent>>> _streams = [];

    /// <summary>The aggregate as it is now (null when the stream does not exist yet), locked for this command.</summary>
    public async Task<T?> FetchAsync<T>(string streamKey) where T : class
    {
        var stream = await session.Events.FetchForExclusiveWriting<T>(streamKey, ct);
        _streams[streamKey] = events =>
        {
            stream.AppendMany(events.ToArray());
            return stream.Events;
        };
        return stream.Aggregate;
    }

    /// <summary>Appends through the locked stream when it was fetched, otherwise (writers serialised by the caller)
    /// straight to the session, starting the stream when it is new.</summary>
    internal IReadOnlyList<IEvent> Append(StreamEvents s) =>
        _streams.TryGetValue(s.StreamKey, out var append) ? append(s.Events)
        : s.IsNew ? session.Events.StartStream(s.Aggregate, s.StreamKey, s.Events.ToArray()).Events
        : session.Events.Append(s.StreamKey, s.Events.ToArray()).Events;
}
