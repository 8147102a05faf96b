using ERaport.Read.ReadModel;
using ERaport.Web.Accounts;
using ERaport.Web.Components.MasterData;
using ERaport.Web.Documents;
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

    /// <summary>Whose unsaved typing a <c>form[data-draft]</c> keeps in the browser tab (grid.js).</summary>
    protected string DraftOwner => HttpContext.User.UserId().ToString("N");

    /// <summary>The posted command id (a new one when none was posted, or when the refusal said another command had spent it).</summary>
    protected Guid CommandId() => Guid.TryParse(Field("commandId"), out var id) ? FormId(id) : Guid.NewGuid();

    /// <summary>The command id a form is shown with after <paramref name="sent"/> was refused: the same (nothing was stored, the
    /// corrected form goes under it), or a new one when another command had spent it (a page brought back by the browser).</summary>
    protected Guid FormId(Guid sent) => idSpent ? (freshId ??= Guid.NewGuid()) : sent;

    private bool idSpent;
    private Guid? freshId;

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

    /// <summary>A page's words for a refusal that speaks of the API: a form brought back by the browser (Back) with the id of
    /// a save made since is refused as another command (<c>command.id_reused</c>), and is shown again under a new id.</summary>
    public static IReadOnlyList<DomainError> ForPage(IReadOnlyList<DomainError> errors) =>
        [.. errors.Select(e => e.Code == CommandPipeline.IdReused.Code ? e with { Message = SpentIdMessage } : e)];

    private const string SpentIdMessage =
        "Formulir ini sudah pernah disimpan dengan isian lain (halaman dibuka lagi dari riwayat peramban). Isian ini belum disimpan; periksa lalu simpan sekali lagi.";

    /// <summary>A refused upload's file-level problem in the page's words (<see cref="ForPage"/>); when another command had spent the
    /// upload's id, its form is shown again under a new one (<see cref="FormId"/>), as the other forms are.</summary>
    protected ImportProblem? RefusedUpload(ImportProblem? fatal)
    {
        idSpent = fatal?.Code == CommandPipeline.IdReused.Code;
        return idSpent ? fatal! with { Message = SpentIdMessage } : fatal;
    }

    /// <summary>Shows why <paramref name="form"/> was refused, with the matching HTTP status.</summary>
    protected void Refused(string form, CommandOutcome outcome)
    {
        FailedForm = form;
        Status = outcome.Status;
        Errors = ForPage(outcome.Errors);
        idSpent = outcome.IdSpent;
        HttpContext.Response.StatusCode = Api.Problems.StatusOf(outcome.Status);
    }
}
