using ERaport.Read.ReadModel;
using ERaport.Read.School;
using ERaport.Web.Accounts;
using ERaport.Web.Hosting;
using ERaport.Write.Common;
using Microsoft.AspNetCore.Components;
using Wolverine;

namespace ERaport.Web.Components.MasterData;

/// <summary>What the master-data pages share: the term being looked at (?semester=, else the newest), sending
/// a command from a plain form post (on refusal the errors and the typed values stay, with the matching HTTP
/// status; on success a redirect whose next page waits for the read model).</summary>
public abstract class MasterDataPage : ComponentBase
{
    [Inject] protected ReadModelStore ReadModel { get; set; } = default!;
    [Inject] protected ReadConsistency Consistency { get; set; } = default!;
    [Inject] protected IMessageBus Bus { get; set; } = default!;
    [Inject] protected NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter] public HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "semester")] public Guid? TermQuery { get; set; }
    [SupplyParameterFromQuery(Name = "selesai")] public string? Done { get; set; }

    protected IReadOnlyList<DomainError> Errors { get; private set; } = [];

    /// <summary>The form that was refused, so that only it shows what was typed.</summary>
    protected string? FailedForm { get; private set; }

    protected List<TermRow> Terms { get; private set; } = [];
    protected TermRow? Term { get; private set; }

    protected CancellationToken Ct => HttpContext.RequestAborted;
    protected string SchoolId => HttpContext.User.SchoolId();
    protected Actor By => HttpContext.User.ToActor();
    protected bool IsPost => HttpMethods.IsPost(HttpContext.Request.Method);

    protected IFormCollection Form => HttpContext.Request.Form;

    /// <summary>A posted field when the named form was refused (what was typed), else <paramref name="stored"/>.</summary>
    protected string? Value(string form, string name, object? stored) =>
        FailedForm == form && Form.TryGetValue(name, out var v) ? v.ToString() : stored switch
        {
            null => null,
            DateOnly d => d.ToString("yyyy-MM-dd"),
            _ => stored.ToString(),
        };

    protected string? Field(string name) => Form.TryGetValue(name, out var v) ? v.ToString() : null;

    protected Guid CommandId() => Guid.TryParse(Field("commandId"), out var id) ? id : Guid.NewGuid();

    protected Guid? GuidField(string name) => Guid.TryParse(Field(name), out var id) && id != Guid.Empty ? id : null;

    protected int IntField(string name, int otherwise = -1) => int.TryParse(Field(name), out var n) ? n : otherwise;

    protected DateOnly? DateField(string name) => DateOnly.TryParseExact(Field(name), "yyyy-MM-dd", out var d) ? d : null;

    protected string TermParameter => Term is null ? "" : $"?semester={Term.TermId}";

    protected async Task<ReadModelDb> OpenAsync()
    {
        await Consistency.WaitAsync(Ct);
        var db = ReadModel.CreateDbContext();
        Terms = await MasterDataQuery.TermsAsync(db, SchoolId, Ct);
        Term = Terms.FirstOrDefault(t => t.TermId == TermQuery) ?? Terms.FirstOrDefault();
        return db;
    }

    /// <summary>True when accepted (the response is then a redirect to <paramref name="next"/>).</summary>
    protected async Task<bool> SendAsync(string form, object command, string next) =>
        Accepted(form, await MasterDataCommands.SendAsync(command, Bus, Consistency, Ct), next);

    protected bool Accepted(string form, CommandOutcome outcome, string next)
    {
        if (outcome.IsAccepted)
        {
            Navigation.NavigateTo(next);
            return true;
        }
        FailedForm = form;
        Errors = outcome.Errors;
        HttpContext.Response.StatusCode = Api.Problems.StatusOf(outcome.Status);
        return false;
    }

    protected static string TermName(TermRow t) => $"{t.SchoolYear} {Format.Semester(t.Semester)}";

    protected static string DoneMessage(string? done) => done switch
    {
        null or "" => "",
        "dibuat" => "Tersimpan: data baru dibuat.",
        "diubah" => "Perubahan tersimpan.",
        "dipindah" => "Peserta didik dipindahkan.",
        "dikeluarkan" => "Peserta didik dikeluarkan dari kelas.",
        "dimasukkan" => "Peserta didik dimasukkan ke kelas.",
        _ => "Tersimpan.",
    };
}
