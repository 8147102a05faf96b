using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

public sealed record RegisterSchool(
    Guid CommandId, string Name, string Npsn, string Address, string City,
    string PrincipalName, string? PrincipalNip, Actor By, EntrySource Source);

public sealed record SchoolRegistered(string Name, string Npsn, string Address, string City, string PrincipalName, string? PrincipalNip);

public static class RegisterSchoolHandler
{
    public static Decision Decide(SchoolProfile? current, RegisterSchool c) =>
        current is not null
            ? Decision.Reject(OutcomeStatus.Conflict, new DomainError("school.already_registered", "Sekolah ini sudah terdaftar."))
            : Rules.Check(
                () => Decision.Append(new SchoolRegistered(c.Name.Trim(), c.Npsn, c.Address.Trim(), c.City.Trim(), c.PrincipalName.Trim(), c.PrincipalNip?.Trim())),
                Rules.Required(c.Name, "name", "Nama sekolah"),
                Rules.Digits(c.Npsn, "npsn", "NPSN", 8),
                Rules.Required(c.Address, "address", "Alamat", 500),
                Rules.Required(c.City, "city", "Kabupaten/Kota"),
                Rules.Required(c.PrincipalName, "principalName", "Nama kepala sekolah"));

    public static Task<CommandOutcome> Handle(RegisterSchool c, IDocumentSession session, CancellationToken ct) =>
        CommandPipeline.Execute<SchoolProfile>(session, c.CommandId, c.By, c.Source, StreamKeys.School(c.By.SchoolId),
            current => Task.FromResult(Decide(current, c)), ct);
}
