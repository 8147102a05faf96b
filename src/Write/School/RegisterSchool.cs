using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

public sealed record RegisterSchool(
    Guid CommandId, string Name, string Npsn, string Address, string City,
    string PrincipalName, string? PrincipalNip, Actor By, EntrySource Source, string? PrincipalTitle = null) : ICommand;

/// <summary>The fields after <see cref="PrincipalNip"/> came with the school profile page; older events read them as null.</summary>
public sealed record SchoolRegistered(
    string Name, string Npsn, string Address, string City, string PrincipalName, string? PrincipalNip,
    string? PrincipalTitle = null, string? Village = null, string? Subdistrict = null, string? Province = null,
    string? Email = null, string? Website = null, string? Paper = null, int? ProgramYears = null)
{
    public static SchoolRegistered Of(SchoolProfileData d) =>
        new(d.Name, d.Npsn, d.Address, d.City, d.PrincipalName, d.PrincipalNip, d.PrincipalTitle, d.Village, d.Subdistrict, d.Province, d.Email, d.Website,
            d.Paper, d.ProgramYears);
}

public static class RegisterSchoolHandler
{
    public static Decision Decide(SchoolProfile? current, Acting by, RegisterSchool c)
    {
        if (MasterData.Guard(by) is { } refused)
            return refused;
        if (current is not null)
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("school.already_registered", "Sekolah ini sudah terdaftar."));
        var data = new SchoolProfileData(c.Name, c.Npsn, c.Address, c.City, c.PrincipalName, c.PrincipalNip, c.PrincipalTitle).Normalized();
        var errors = data.Errors().ToList();
        return errors.Count > 0 ? Decision.Invalid(errors) : Decision.Append(SchoolRegistered.Of(data));
    }

    public static Task<CommandOutcome> Handle(RegisterSchool c, IDocumentSession session, CancellationToken ct) =>
        MasterData.Execute<SchoolProfile>(session, c, StreamKeys.School(c.By.SchoolId),
            (current, by) => Decide(current, by, c), ct);
}
