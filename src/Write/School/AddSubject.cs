using ERaport.Write.Accounts;
using ERaport.Write.Common;
using Marten;

namespace ERaport.Write.School;

/// <summary>Adds a mata pelajaran: <see cref="Group"/> (Umum, Kejuruan, Pilihan, Muatan Lokal, …), its
/// <see cref="Order"/> on the report card, whether it is a religion subject (only the student's own religion
/// is printed) and the KKTP that new teaching assignments start with. A religion subject's <see cref="Religion"/>
/// (one of <see cref="Religions.All"/>) says whose cards print it; left out, it is read from the name.</summary>
public sealed record AddSubject(
    Guid CommandId, Guid SubjectId, string Name, string Code, string Group, int Order, bool IsReligion, int Kktp,
    Actor By, EntrySource Source, string? Religion = null) : ICommand;

/// <summary><see cref="Religion"/>: null for a subject for everyone (and in events stored before it existed,
/// where readers take it from the name).</summary>
public sealed record SubjectAdded(Guid SubjectId, string Name, string Code, string Group, int Order, bool IsReligion, int Kktp, string? Religion = null);

public static class AddSubjectHandler
{
    /// <summary><paramref name="subjects"/>: the school's subjects (codes and names are unique in a school).</summary>
    public static Decision Decide(Subject? current, Acting by, IEnumerable<Subject> subjects, AddSubject c)
    {
        if (MasterData.Guard(by) is { } refused)
            return refused;
        if (current is not null)
            return Decision.Reject(OutcomeStatus.Conflict, new DomainError("subject.already_added", "Mata pelajaran ini sudah ada."));
        var (name, code, group) = (Text.Clean(c.Name) ?? "", Text.Clean(c.Code) ?? "", Text.Clean(c.Group) ?? "");
        var (isReligion, religion, religionError) = SubjectRules.ReligionOf(c.IsReligion, c.Religion, name);
        var check = Rules.Check(
            () => Decision.Append(new SubjectAdded(c.SubjectId, name, code, group, c.Order, isReligion, c.Kktp, religion)),
            [.. SubjectRules.Errors(name, code, group, c.Order, c.Kktp), religionError]);
        return check.IsAccepted && SubjectRules.Taken(subjects, c.SubjectId, name, code) is { Count: > 0 } taken
            ? Decision.Reject(OutcomeStatus.Conflict, taken)
            : check;
    }

    public static Task<CommandOutcome> Handle(AddSubject c, IDocumentSession session, CancellationToken ct) =>
        MasterData.Execute<Subject>(session, c, StreamKeys.Subject(c.By.SchoolId, c.SubjectId),
            async (current, by) => Decide(current, by, await MasterData.SubjectsAsync(session, c.By.SchoolId, ct), c), ct);
}

public static class SubjectRules
{
    /// <summary>The groups the report card knows; others are allowed (a school's own muatan lokal naming).</summary>
    public static readonly string[] Groups = ["Umum", "Kejuruan", "Pilihan", "Muatan Lokal"];

    public static IEnumerable<DomainError?> Errors(string name, string code, string group, int order, int kktp) =>
    [
        Rules.Required(name, "name", "Nama mata pelajaran"),
        Rules.Required(code, "code", "Kode mata pelajaran", 20),
        Rules.Required(group, "group", "Kelompok mata pelajaran", 50),
        order is >= 0 and <= 999 ? null : Text.Error("order.invalid", "Urutan di rapor harus 0 sampai 999.", "order", order),
        kktp is >= 0 and <= 100 ? null : new DomainError("kktp.out_of_range", "KKTP harus antara 0 dan 100."),
    ];

    /// <summary>A religion named makes a religion subject; a religion subject without one names it in its title
    /// ("Pendidikan Agama Islam …") or is printed for everyone. Stored explicitly, so a later rename cannot change whose cards print it.</summary>
    public static (bool IsReligion, string? Religion, DomainError? Error) ReligionOf(bool isReligion, string? religion, string name)
    {
        if (Text.Clean(religion) is { } chosen)
            return Religions.Of(chosen) is { } known
                ? (true, known, null)
                : (isReligion, null, Text.Error("religion.invalid", $"Agama harus salah satu dari: {string.Join(", ", Religions.All)}.", "religion", chosen));
        return isReligion ? (true, Religions.Of(name), null) : (false, null, null);
    }

    /// <summary>Two subjects with one code or name print as twins on the rapor and the leger, and no one can tell which
    /// gradebook is which: each is refused when another subject has it, in any case and spacing ("qaml" is "QAML").
    /// Editing checks only a changed one (<paramref name="stored"/>): a subject stored twice before the check existed can
    /// still have its KKTP or order edited.</summary>
    public static IReadOnlyList<DomainError> Taken(IEnumerable<Subject> subjects, Guid subjectId, string name, string code, Subject? stored = null)
    {
        var others = subjects.Where(s => s.SubjectId != subjectId).ToList();
        return new[]
        {
            Text.Key(code) != Text.Key(stored?.Code) && others.FirstOrDefault(s => Text.Key(s.Code) == Text.Key(code)) is { } sameCode
                ? Text.Error("subject.code_taken", $"Kode {code} sudah dipakai mata pelajaran {sameCode.Name} ({sameCode.Code}).", "code", code)
                : null,
            Text.Key(name) != Text.Key(stored?.Name) && others.FirstOrDefault(s => Text.Key(s.Name) == Text.Key(name)) is { } sameName
                ? Text.Error("subject.name_taken", $"Mata pelajaran {sameName.Name} ({sameName.Code}) sudah ada.", "name", name)
                : null,
        }.OfType<DomainError>().ToList();
    }

    public static readonly DomainError SubjectNotFound = new("subject.not_found", "Mata pelajaran tidak ditemukan.");
}
