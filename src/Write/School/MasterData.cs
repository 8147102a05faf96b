using System.Security.Cryptography;
using System.Text;
using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

/// <summary>Who may change master data, and how its commands reach the event store.
/// <para>Every master-data command of a school takes one PostgreSQL advisory lock (per school) inside its
/// transaction before it reads anything. Master data changes rarely and only by the admin, so serialising
/// it costs nothing, and it makes the cross-stream rules exact: a NISN is used once, a student sits in at
/// most one class per term, class names are unique in a term, subject codes and names in a school. No lock-ordering deadlocks are possible
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
        IDocumentSession session, ICommand command, string streamKey,
        Func<TAggregate?, Acting, Task<Decision>> decide, CancellationToken ct) where TAggregate : class
    {
        if (command.CommandId == Guid.Empty)
            return MissingId;
        await LockAsync(session, command.By.SchoolId, ct);
        var acting = await AccountRules.ActingAsync(session, command.By, ct);
        return await CommandPipeline.Execute<TAggregate>(session, command, streamKey, current => decide(current, acting), ct);
    }

    public static Task<CommandOutcome> Execute<TAggregate>(
        IDocumentSession session, ICommand command, string streamKey,
        Func<TAggregate?, Acting, Decision> decide, CancellationToken ct) where TAggregate : class =>
        Execute<TAggregate>(session, command, streamKey, (current, acting) => Task.FromResult(decide(current, acting)), ct);

    /// <summary>A command that appends to several streams in one transaction: all of it is stored or none.
    /// <paramref name="receiptKey"/> names the command in its receipt (not a stream), so a repeated command
    /// id answers with the first outcome.</summary>
    public static Task<CommandOutcome> ExecuteMany(
        IDocumentSession session, ICommand command, string receiptKey,
        Func<Acting, Task<MultiDecision>> decide, CancellationToken ct) =>
        ExecuteMany(session, command, receiptKey, (acting, _) => decide(acting), ct);

    /// <summary>The same, for a command that also writes streams other commands write without the school's lock (user
    /// accounts): <paramref name="decide"/> fetches those through the <see cref="StreamLocks"/>.</summary>
    public static async Task<CommandOutcome> ExecuteMany(
        IDocumentSession session, ICommand command, string receiptKey,
        Func<Acting, StreamLocks, Task<MultiDecision>> decide, CancellationToken ct)
    {
        if (command.CommandId == Guid.Empty)
            return MissingId;
        await LockAsync(session, command.By.SchoolId, ct);
        return await CommandPipeline.ExecuteMany(session, command, receiptKey,
            async locks => await decide(await AccountRules.ActingAsync(session, command.By, ct), locks), ct);
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

    /// <summary>The school's last tingkat (<see cref="SchoolProfileData.LastLevel"/>: XIII in a four-year SMK), from its profile.</summary>
    public static async Task<int> LastLevelAsync(IQuerySession session, string schoolId, CancellationToken ct) =>
        SchoolProfileData.LastLevelOf((await session.LoadAsync<SchoolProfile>(StreamKeys.School(schoolId), ct))?.Data?.ProgramYears);

    public static Task<IReadOnlyList<SchoolClass>> ClassesOfTermAsync(IQuerySession session, string schoolId, Guid termId, CancellationToken ct) =>
        session.Query<SchoolClass>().Where(c => c.Id.StartsWith(Prefix(schoolId, "class")) && c.TermId == termId).ToListAsync(ct);

    public static Task<IReadOnlyList<Subject>> SubjectsAsync(IQuerySession session, string schoolId, CancellationToken ct) =>
        session.Query<Subject>().Where(s => s.Id.StartsWith(Prefix(schoolId, "subject"))).ToListAsync(ct);

    public static Task<IReadOnlyList<Student>> StudentsAsync(IQuerySession session, string schoolId, CancellationToken ct) =>
        session.Query<Student>().Where(s => s.Id.StartsWith(Prefix(schoolId, "student"))).ToListAsync(ct);

    /// <summary>The students of <paramref name="ids"/> that exist (at most <paramref name="max"/> ids are looked up: the decision
    /// refuses a longer list anyway).</summary>
    public static async Task<IReadOnlyList<Student>> StudentsAsync(IQuerySession session, string schoolId, IReadOnlyList<Guid>? ids,
        int max, CancellationToken ct) =>
        await session.LoadManyAsync<Student>(ct, [.. (ids ?? []).Distinct().Take(max + 1).Select(id => StreamKeys.Student(schoolId, id))]);
}
