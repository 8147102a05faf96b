using System.Security.Cryptography;
using System.Text;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using JasperFx.Events;
using Marten;

namespace ERaport.Write.School;

/// <summary>Events for several streams that one master-data decision appends together (a move touches two
/// classes; an import touches hundreds of students and classes). <see cref="IsNew"/> starts the stream.</summary>
public sealed record StreamEvents(string StreamKey, Type Aggregate, bool IsNew, IReadOnlyList<object> Events);

/// <summary>A master-data decision that may touch several streams.</summary>
public sealed record MultiDecision(IReadOnlyList<StreamEvents> Streams, OutcomeStatus Status, IReadOnlyList<DomainError> Errors, int Changes)
{
    public bool IsAccepted => Status == OutcomeStatus.Accepted;

    public static readonly MultiDecision Nothing = new([], OutcomeStatus.Accepted, [], 0);

    public static MultiDecision Append(int changes, IReadOnlyList<StreamEvents> streams) =>
        new(streams.Where(s => s.Events.Count > 0).ToList(), OutcomeStatus.Accepted, [], changes);

    public static MultiDecision Reject(OutcomeStatus status, params IReadOnlyList<DomainError> errors) => new([], status, errors, 0);

    public static MultiDecision From(Decision d, string streamKey, Type aggregate, bool isNew = false) =>
        d.IsAccepted ? Append(d.Changes, [new StreamEvents(streamKey, aggregate, isNew, d.Events)]) : Reject(d.Status, [.. d.Errors]);
}

/// <summary>Who may change master data, and how its commands reach the event store.
/// <para>Every master-data command of a school takes one PostgreSQL advisory lock (per school) inside its
/// transaction before it reads anything. Master data changes rarely and only by the admin, so serialising
/// it costs nothing, and it makes the cross-stream rules exact: a NISN is used once, a student sits in at
/// most one class per term, class names are unique in a term. No lock-ordering deadlocks are possible
/// because this lock is always taken first and only master-data commands write these streams.</para></summary>
public static class MasterData
{
    public static readonly DomainError AdminRequired =
        new("masterdata.admin_required", "Hanya admin sekolah yang dapat mengubah data induk (sekolah, semester, kelas, peserta didik, mata pelajaran).");

    /// <summary>The system (seeding) or an active admin of this school.</summary>
    public static bool MayManage(Acting by) =>
        by.IsSystem || by.Account is { IsActiveAdmin: true } a && a.SchoolId == by.By.SchoolId;

    public static Decision? Guard(Acting by) => MayManage(by) ? null : Decision.Reject(OutcomeStatus.Forbidden, AdminRequired);

    /// <summary>Opens the command's transaction and takes the school's master-data lock (released at commit
    /// or rollback).</summary>
    public static async Task LockAsync(IDocumentSession session, string schoolId, CancellationToken ct)
    {
        await session.BeginTransactionAsync(ct);
        var key = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("eraport/master-data/" + schoolId)));
        await session.QueryAsync<int>("select 1 from (select pg_advisory_xact_lock(?)) as l", ct, key);
    }

    /// <summary>A single-stream master-data command: the school lock, then the usual pipeline.</summary>
    public static async Task<CommandOutcome> Execute<TAggregate>(
        IDocumentSession session, Guid commandId, Actor by, EntrySource source, string streamKey,
        Func<TAggregate?, Acting, Task<Decision>> decide, CancellationToken ct) where TAggregate : class
    {
        if (commandId == Guid.Empty)
            return MissingId;
        await LockAsync(session, by.SchoolId, ct);
        var acting = await AccountRules.ActingAsync(session, by, ct);
        return await CommandPipeline.Execute<TAggregate>(session, commandId, by, source, streamKey, current => decide(current, acting), ct);
    }

    public static Task<CommandOutcome> Execute<TAggregate>(
        IDocumentSession session, Guid commandId, Actor by, EntrySource source, string streamKey,
        Func<TAggregate?, Acting, Decision> decide, CancellationToken ct) where TAggregate : class =>
        Execute<TAggregate>(session, commandId, by, source, streamKey, (current, acting) => Task.FromResult(decide(current, acting)), ct);

    /// <summary>A command that appends to several streams in one transaction: all of it is stored or none.
    /// <paramref name="receiptKey"/> names the command in its receipt (not a stream), so a repeated command
    /// id answers with the first outcome.</summary>
    public static async Task<CommandOutcome> ExecuteMany(
        IDocumentSession session, Guid commandId, Actor by, EntrySource source, string receiptKey,
        Func<Acting, Task<MultiDecision>> decide, CancellationToken ct)
    {
        if (commandId == Guid.Empty)
            return MissingId;
        await LockAsync(session, by.SchoolId, ct);

        var receipt = await session.LoadAsync<CommandReceipt>(commandId, ct);
        if (receipt is not null)
            return receipt.StreamKey != receiptKey
                ? CommandOutcome.Rejected(OutcomeStatus.Conflict,
                    new DomainError("command.id_reused", "commandId ini sudah dipakai untuk perintah lain. Buat commandId baru."))
                : CommandOutcome.Accepted(await CommandPipeline.SequenceOfAsync(session, commandId, ct), receipt.Changes);

        var decision = await decide(await AccountRules.ActingAsync(session, by, ct));
        if (!decision.IsAccepted)
            return CommandOutcome.Rejected(decision.Status, decision.Errors);
        if (decision.Streams.Count == 0)
            return CommandOutcome.Accepted(0, 0);

        session.LastModifiedBy = by.UserName;
        session.SetHeader(CommandPipeline.SourceHeader, source.ToString());
        session.SetHeader(CommandPipeline.CommandIdHeader, commandId.ToString());
        var actions = decision.Streams.Select(s => s.IsNew
            ? session.Events.StartStream(s.Aggregate, s.StreamKey, s.Events.ToArray())
            : session.Events.Append(s.StreamKey, s.Events.ToArray())).ToList();
        session.Store(new CommandReceipt { Id = commandId, StreamKey = receiptKey, StreamVersion = 0, Changes = decision.Changes });
        await session.SaveChangesAsync(ct);

        return CommandOutcome.Accepted(actions.SelectMany(a => a.Events).Max(e => e.Sequence), decision.Changes);
    }

    private static readonly CommandOutcome MissingId = CommandOutcome.Rejected(OutcomeStatus.Invalid,
        new DomainError("command.id_missing", "Setiap perintah wajib membawa commandId (GUID) dari klien."));

    /// <summary>The entity id in a snapshot's id (its stream key); empty when there is none.</summary>
    public static Guid IdOf(string streamKey)
    {
        var parts = (streamKey ?? "").Split('/');
        return parts.Length == 3 && Guid.TryParseExact(parts[2], "N", out var id) ? id : Guid.Empty;
    }

    /// <summary>Ids of this school's streams of one kind start with the same prefix; used to query snapshots.</summary>
    public static string Prefix(string schoolId, string kind) => $"{schoolId}/{kind}/";

    public static Task<IReadOnlyList<SchoolClass>> ClassesOfTermAsync(IQuerySession session, string schoolId, Guid termId, CancellationToken ct) =>
        session.Query<SchoolClass>().Where(c => c.Id.StartsWith(Prefix(schoolId, "class")) && c.TermId == termId).ToListAsync(ct);

    public static Task<IReadOnlyList<Student>> StudentsAsync(IQuerySession session, string schoolId, CancellationToken ct) =>
        session.Query<Student>().Where(s => s.Id.StartsWith(Prefix(schoolId, "student"))).ToListAsync(ct);
}
