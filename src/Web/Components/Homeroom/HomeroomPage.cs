using ERaport.Read.ReportCards;
using ERaport.Web.Accounts;
using ERaport.Write.Common;
using Microsoft.AspNetCore.Components;

namespace ERaport.Web.Components.Homeroom;

/// <summary>What the wali kelas pages of one class share: only the class's wali kelas (in its term) may open
/// them; the class with its students' report card data, loaded after read-your-writes.</summary>
public abstract class HomeroomPage : CommandPage
{
    [Parameter] public Guid ClassId { get; set; }
    [SupplyParameterFromQuery(Name = "disimpan")] public int? Saved { get; set; }

    protected HomeroomClass? Class { get; private set; }
    protected bool Allowed { get; private set; }

    protected CancellationToken Ct => HttpContext.RequestAborted;
    protected Actor By => HttpContext.User.ToActor();
    protected string Here => $"/wali/{ClassId}";

    protected override async Task OnInitializedAsync()
    {
        Allowed = HttpContext.User.IsHomeroomTeacherOf(ClassId);
        if (!Allowed)
        {
            HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        await Consistency.WaitAsync(Ct);
        await using var db = ReadModel.CreateDbContext();
        Class = await HomeroomClassQuery.LoadAsync(db, HttpContext.User.SchoolId(), ClassId, Ct);
        if (Class is null)
            HttpContext.Response.StatusCode = StatusCodes.Status404NotFound;
        else
            await LoadMoreAsync(db);
    }

    /// <summary>What a page reads besides the class.</summary>
    protected virtual Task LoadMoreAsync(Read.ReadModel.ReadModelDb db) => Task.CompletedTask;

    /// <summary>"Adi Nugroho: …" for errors that name a student.</summary>
    protected string Describe(DomainError e) =>
        e.Details?.GetValueOrDefault("studentId") is Guid id && Class?.Students.FirstOrDefault(s => s.StudentId == id) is { } s
            ? $"{s.Name}: {e.Message}"
            : e.Message;

    protected IReadOnlyList<DomainError> Described => [.. Errors.Select(e => e with { Message = Describe(e) })];
}
