using ERaport.Read.ReportCards;
using ERaport.Web.Accounts;
using ERaport.Web.ReportCards;
using ERaport.Write.Common;
using ERaport.Write.ReportCards;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Web.Components.Homeroom;

/// <summary>What the wali kelas pages of one class share: only the class's wali kelas (in its term) may open
/// them, except the progress and the history, which the principal reads too (<see cref="ForPrincipal"/>); the class with its students'
/// report card data, loaded after read-your-writes.</summary>
public abstract class HomeroomPage : CommandPage
{
    [Parameter] public Guid ClassId { get; set; }
    [SupplyParameterFromQuery(Name = "disimpan")] public string? SavedQuery { get; set; }
    protected int? Saved => QueryValue.Count(Notice(SavedQuery));

    protected HomeroomClass? Class { get; private set; }
    protected bool Allowed { get; private set; }

    /// <summary>The page changes nothing, and the principal of the class's term reads it too
    /// (<see cref="ReportCardAccess.CanReadHomeroomPages"/>).</summary>
    protected virtual bool ForPrincipal => false;

    /// <summary>What someone refused a page <see cref="ForPrincipal"/> is told.</summary>
    protected const string OpenToPrincipal = "Halaman ini hanya untuk wali kelas kelas ini dan kepala sekolah.";

    /// <summary>The class's report cards are locked: the pages show the data and take changes only as correction requests.</summary>
    protected bool Locked => Class?.Lock is not null;

    protected CancellationToken Ct => HttpContext.RequestAborted;
    protected Actor By => HttpContext.User.ToActor();
    protected string Here => $"/wali/{ClassId}";

    protected override async Task OnInitializedAsync()
    {
        var user = HttpContext.User;
        var homeroom = user.IsHomeroomTeacherOf(ClassId);
        if (homeroom || ForPrincipal)
        {
            await Consistency.WaitAsync(Ct);
            await using var db = ReadModel.CreateDbContext();
            var found = await HomeroomClassQuery.LoadAsync(db, user.SchoolId(), ClassId, Ct);
            if (found is null)
            {
                Allowed = true;
                HttpContext.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            // The principal is known only from the class's term.
            if (homeroom || user.CanReadHomeroomPages(ClassId, found.Term.TermId))
            {
                (Allowed, Class) = (true, found);
                await LoadMoreAsync(db);
                return;
            }
        }
        HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
    }

    /// <summary>What a page reads besides the class.</summary>
    protected virtual Task LoadMoreAsync(Read.ReadModel.ReadModelDb db) => Task.CompletedTask;

    /// <summary>Where a field posts the value the page showed in it. A save sends only what the user changed, with
    /// what they saw, so that a page opened before a change made elsewhere cannot overwrite that change.</summary>
    protected static string SeenOf(string name) => $"seen|{name}";

    /// <summary>The user changed this field of the posted form; <paramref name="norm"/> makes equal what the card
    /// stores as equal (blank days are 0, a browser's CR LF is a line break).</summary>
    protected bool Changed(string name, Func<string?, string> norm) => norm(Field(name)) != norm(Field(SeenOf(name)));

    /// <summary>What a field of <paramref name="form"/> shows, and what it counts as seen. After a refusal a field the
    /// user changed keeps their typing (nothing typed is lost) and the value they saw, or <paramref name="current"/>
    /// once they have been told it is stale, so that saving again is a deliberate change; every other field shows
    /// the card as it is now.</summary>
    protected (string? Value, string? Seen) Shown(string form, string name, Func<string?, string> norm, string? current, bool stale)
    {
        if (FailedForm != form || !Changed(name, norm))
            return (current, current);
        return (Field(name), stale ? current : Field(SeenOf(name)));
    }

    /// <summary>The refusal of the last save because this student's <paramref name="field"/> (any, when null) had
    /// changed since the page was opened.</summary>
    protected DomainError? StaleFor(Guid studentId, string? field = null) =>
        Errors.FirstOrDefault(e => HomeroomRules.IsStale(e) && Equals(e.Details?.GetValueOrDefault("studentId"), studentId)
            && (field is null || Equals(e.Details?.GetValueOrDefault("field"), field)));

    /// <summary>Only stale entries: a conflict to look at, not a mistake to correct.</summary>
    protected bool OnlyStale => Errors.Count > 0 && Errors.All(HomeroomRules.IsStale);

    protected string ErrorsTitle => OnlyStale
        ? "Sebagian isian sudah diubah sejak halaman ini dibuka (di tab atau perangkat lain, atau oleh orang lain). Tidak ada yang " +
          "disimpan atau ditimpa. Isian terbaru tertulis di bawah; yang Anda ketik tetap di kolomnya. Bila tetap ingin mengubahnya, simpan lagi."
        : "Tidak ada yang disimpan. Perbaiki isian berikut lalu simpan lagi:";

    /// <summary>After a save: on refusal, people's names for the user names of who changed what the conflicts are about.</summary>
    protected async Task AcceptedAsync(string form, CommandOutcome outcome, string next)
    {
        if (Accepted(form, outcome, next))
            return;
        var userNames = Errors.Select(e => e.Details?.GetValueOrDefault("changedBy") as string).OfType<string>().Distinct().ToList();
        if (userNames.Count == 0)
            return;
        var school = HttpContext.User.SchoolId();
        await using var db = ReadModel.CreateDbContext();
        names = await db.Users.Where(u => u.SchoolId == school && userNames.Contains(u.UserName)).ToDictionaryAsync(u => u.UserName, u => u.DisplayName, Ct);
    }

    private Dictionary<string, string> names = [];

    /// <summary>"Adi Nugroho: …" for errors that name a student; "oleh Ibu Wali" rather than "oleh wali.x1" in a conflict (and
    /// "oleh Anda sendiri …" for the reader's own other tab).</summary>
    protected string Describe(DomainError e)
    {
        var message = e.Details?.GetValueOrDefault("changedBy") is string by && e.Details.GetValueOrDefault("changedAt") is DateTimeOffset at
            ? e.Message.Replace(HomeroomRules.ChangedBy(by, at), HomeroomRules.ChangedBy(Format.ChangedBy(by, names, HttpContext.User), at))
            : e.Message;
        return e.Details?.GetValueOrDefault("studentId") is Guid id && Class?.Students.FirstOrDefault(s => s.StudentId == id) is { } s
            ? $"{s.Name}: {message}"
            : message;
    }

    protected IReadOnlyList<DomainError> Described => [.. Errors.Select(e => e with { Message = Describe(e) })];
}
