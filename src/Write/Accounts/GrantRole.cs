using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Accounts;

/// <summary>Gives a user a role: admin (school-wide), kepala sekolah or guru for a term, wali kelas of one
/// class in a term. Only an admin may.</summary>
public sealed record GrantRole(Guid CommandId, Guid UserId, RoleGrant Grant, Actor By, EntrySource Source);

public static class GrantRoleHandler
{
    /// <summary><paramref name="term"/> and <paramref name="schoolClass"/> are what the grant names, loaded
    /// from this school's streams (null when it names none or they do not exist).</summary>
    public static Decision Decide(UserAccount? user, Acting by, Term? term, SchoolClass? schoolClass, GrantRole c)
    {
        if (AccountRules.Guard(user, by) is { } refused)
            return refused;
        if (AccountRules.Shape(c.Grant) is { } shape)
            return Decision.Invalid(shape);
        if (c.Grant.TermId is not null && term is null)
            return Decision.Reject(OutcomeStatus.NotFound, new DomainError("term.not_found", "Semester tidak ditemukan."));
        if (c.Grant.ClassId is not null && (schoolClass is null || schoolClass.TermId != c.Grant.TermId))
            return Decision.Reject(OutcomeStatus.NotFound, new DomainError("class.not_found", "Kelas tidak ditemukan di semester ini."));
        if (user!.Roles.Contains(c.Grant))
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("role.already_granted", "Pengguna ini sudah memiliki peran tersebut."));
        return Decision.Append(new RoleGranted(c.Grant));
    }

    public static async Task<CommandOutcome> Handle(GrantRole c, IDocumentSession session, CancellationToken ct)
    {
        var by = await AccountRules.ActingAsync(session, c.By, ct);
        var school = c.By.SchoolId;
        var term = c.Grant?.TermId is { } termId ? await session.LoadAsync<Term>(StreamKeys.Term(school, termId), ct) : null;
        var schoolClass = c.Grant?.ClassId is { } classId ? await session.LoadAsync<SchoolClass>(StreamKeys.Class(school, classId), ct) : null;
        return await CommandPipeline.Execute<UserAccount>(session, c.CommandId, c.By, c.Source, StreamKeys.User(school, c.UserId),
            user => Task.FromResult(Decide(user, by, term, schoolClass, c)), ct);
    }
}
