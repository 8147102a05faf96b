using ERaport.Read.ReportCards;
using ERaport.Web.Accounts;
using ERaport.Web.Hosting;
using ERaport.Web.ReportCards;
using Microsoft.AspNetCore.Components;

namespace ERaport.Web.Components.ReportCards;

/// <summary>What the report-card and leger pages of one class share: loading its cards from the read model
/// (after the user's own writes) and refusing with 404 or 403.</summary>
public abstract class ReportCardsPage : ComponentBase
{
    [Inject] protected ReportCardCache ReportCards { get; set; } = default!;
    [Inject] protected ReadConsistency Consistency { get; set; } = default!;

    [CascadingParameter] public HttpContext HttpContext { get; set; } = default!;

    [Parameter] public Guid ClassId { get; set; }

    protected ClassReportCards? Cards { get; private set; }

    /// <summary>Null when the page may be shown, else what to say instead.</summary>
    protected string? Refusal { get; private set; }

    protected async Task LoadAsync(Guid? studentId = null)
    {
        await Consistency.WaitAsync(HttpContext.RequestAborted);
        var cards = await ReportCards.LoadAsync(HttpContext.User.SchoolId(), ClassId, HttpContext.RequestAborted, studentId);
        if (cards is null || studentId is not null && cards.Cards.Count == 0)
            (HttpContext.Response.StatusCode, Refusal) = (StatusCodes.Status404NotFound, "Rapor tidak ditemukan");
        else if (!HttpContext.User.CanSeeReportCards(ClassId, cards.Term.TermId))
            (HttpContext.Response.StatusCode, Refusal) = (StatusCodes.Status403Forbidden, "Akses ditolak");
        else
            Cards = cards;
    }

    protected static string N(int value) => value.ToString("N0", Format.Indonesian);
}
