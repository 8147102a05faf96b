using ERaport.Read.ReadModel;
using ERaport.Web.Accounts;
using ERaport.Web.Components.MasterData;
using ERaport.Web.Hosting;
using ERaport.Write.Common;
using Microsoft.AspNetCore.Components;
using Wolverine;

namespace ERaport.Web.Components;

/// <summary>What pages with plain-form commands share: sending a command from a form post; on refusal
/// showing why with the matching HTTP status (what was typed stays on the page); on success a redirect whose
/// next page waits for the read model (read-your-writes).</summary>
public abstract class CommandPage : ComponentBase
{
    [Inject] protected ReadModelStore ReadModel { get; set; } = default!;
    [Inject] protected ReadConsistency Consistency { get; set; } = default!;
    [Inject] protected IMessageBus Bus { get; set; } = default!;
    [Inject] protected NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter] public HttpContext HttpContext { get; set; } = default!;

    protected OutcomeStatus Status { get; private set; }
    protected IReadOnlyList<DomainError> Errors { get; private set; } = [];

    /// <summary>The form that was refused, so that only it shows what was typed.</summary>
    protected string? FailedForm { get; private set; }

    protected IFormCollection Form => HttpContext.Request.Form;

    protected bool IsPost => HttpMethods.IsPost(HttpContext.Request.Method);

    /// <summary>A success notice from the address (<c>?disimpan=</c> after the redirect), on that page only: a form on it
    /// posts back to the same address, and a refused post must not say "saved" beside its errors.</summary>
    protected string? Notice(string? query) => IsPost ? null : query;

    protected string? Field(string name) => Form.TryGetValue(name, out var v) ? v.ToString() : null;

    /// <summary>A posted field when the named form was refused (what was typed), else <paramref name="stored"/>.</summary>
    protected string? Value(string form, string name, object? stored) =>
        FailedForm == form && Form.TryGetValue(name, out var v) ? v.ToString() : stored switch
        {
            null => null,
            DateOnly d => d.ToString("yyyy-MM-dd"),
            _ => stored.ToString(),
        };

    protected Guid CommandId() => Guid.TryParse(Field("commandId"), out var id) ? id : Guid.NewGuid();

    /// <summary>True when accepted (the response is then a redirect to <paramref name="next"/>).</summary>
    protected async Task<bool> SendAsync(string form, object command, string next) =>
        Accepted(form, await MasterDataCommands.SendAsync(command, Bus, Consistency, HttpContext.RequestAborted), next);

    protected bool Accepted(string form, CommandOutcome outcome, string next)
    {
        if (outcome.IsAccepted)
        {
            Navigation.NavigateTo(next);
            return true;
        }
        Refused(form, outcome);
        return false;
    }

    /// <summary>Shows why <paramref name="form"/> was refused, with the matching HTTP status.</summary>
    protected void Refused(string form, CommandOutcome outcome)
    {
        FailedForm = form;
        Status = outcome.Status;
        Errors = outcome.Errors;
        HttpContext.Response.StatusCode = Api.Problems.StatusOf(outcome.Status);
    }
}
