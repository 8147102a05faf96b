using Microsoft.AspNetCore.Components;

namespace ERaport.Web.Components.Grading;

/// <summary>What the final-grade and TP pages add to <see cref="CommandPage"/>.</summary>
public abstract class GradingPage : CommandPage
{
    [SupplyParameterFromQuery(Name = "disimpan")] public string? SavedQuery { get; set; }
    protected string? Saved => Notice(SavedQuery);

    protected static int? Number(string? text) => int.TryParse(text, out var n) ? n : null;

    /// <summary>404 or 403 for the page itself; false when it may be shown.</summary>
    protected bool Refuse(bool found, bool allowed)
    {
        if (!found)
            HttpContext.Response.StatusCode = StatusCodes.Status404NotFound;
        else if (!allowed)
            HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
        return !found || !allowed;
    }
}
