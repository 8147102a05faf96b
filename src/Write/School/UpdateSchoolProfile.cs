using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

/// <summary>Sets the school profile as a whole. A school without a profile yet (a fresh installation whose
/// first admin came from the create-admin command) is registered by the same command.</summary>
public sealed record UpdateSchoolProfile(Guid CommandId, SchoolProfileData Profile, Actor By, EntrySource Source) : ICommand;

public sealed record SchoolProfileUpdated(SchoolProfileData Data);

public static class UpdateSchoolProfileHandler
{
    public static Decision Decide(SchoolProfile? current, Acting by, UpdateSchoolProfile c)
    {
        if (MasterData.Guard(by) is { } refused)
            return refused;
        if (c.Profile is null)
            return Decision.Invalid(new DomainError("request.empty", "Isi profil sekolah."));
        var data = c.Profile.Normalized();
        var errors = data.Errors().ToList();
        if (errors.Count > 0)
            return Decision.Invalid(errors);
        if (current is null)
            return Decision.Append(SchoolRegistered.Of(data));
        return data == current.Data ? Decision.Nothing : Decision.Append(new SchoolProfileUpdated(data));
    }

    public static Task<CommandOutcome> Handle(UpdateSchoolProfile c, IDocumentSession session, CancellationToken ct) =>
        MasterData.Execute<SchoolProfile>(session, c, StreamKeys.School(c.By.SchoolId),
            (current, by) => Decide(current, by, c), ct);
}
