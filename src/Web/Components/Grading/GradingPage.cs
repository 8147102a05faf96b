using ERaport.Read.ReadModel;
using ERaport.Web.Hosting;
using ERaport.Write.Common;
using Microsoft.AspNetCore.Components;
using Wolverine;

namespace ERaport.Web.Components.Grading;

/// <summary>What the final-grade and TP pages share: sending a command from a plain form post, and on
/// refusal showing why with the matching HTTP status (what was typed stays on the page); on success a
/// redirect whose next page waits for the read model (read-your-writes).</summary>
public abstract class GradingPage : ComponentBase
{
    [Inject] protected ReadModelStore ReadModel { get; set; } = default!;
    [Inject] protected ReadConsistency Consistency { get; set; } = default!;
    [Inject] protected IMessageBus Bus { get; set; } = default!;
    [Inject] protected NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter] public HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "disimpan")] public string? Saved { get; set; }

    protected OutcomeStatus Status { get; private set; }
    protected IReadOnlyList<DomainError> Errors { get; private set; } = [];

    /// <summary>The form that was refused, so that only it shows what was typed.</summary>
    protected string? FailedForm { get; private set; }

    protected IFormCollection Form => HttpContext.Request.Form;

    protected string? Field(string name) => Form.TryGetValue(name, out var v) ? v.ToString() : null;

    protected Guid CommandId() => Guid.TryParse(Field("commandId"), out var id) ? id : Guid.NewGuid();

    protected static int? Number(string? text) => int.TryParse(text, out var n) ? n : null;

    /// <summary>True when accepted (the response is then a redirect to <paramref name="next"/>).</summary>
    protected async Task<bool> SendAsync(string form, object command, string next)
    {
        var outcome = await Bus.InvokeAsync<CommandOutcome>(command, HttpContext.RequestAborted);
        if (outcome.IsAccepted)
        {
            Consistency.Remember(outcome.Sequence);
            Navigation.NavigateTo(next);
            return true;
        }
        FailedForm = form;
        Status = outcome.Status;
        Errors = outcome.Errors;
        HttpContext.Response.StatusCode = Api.Problems.StatusOf(outcome.Status);
        return false;
    }

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
