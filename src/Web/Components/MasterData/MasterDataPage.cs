using ERaport.Read.ReadModel;
using ERaport.Read.School;
using ERaport.Web.Accounts;
using ERaport.Web.Hosting;
using ERaport.Write.Common;
using Microsoft.AspNetCore.Components;

namespace ERaport.Web.Components.MasterData;

/// <summary>What the master-data pages add to <see cref="CommandPage"/>: the term being looked at (?semester=,
/// else the newest) and the typed values of a refused form.</summary>
public abstract class MasterDataPage : CommandPage
{

    [SupplyParameterFromQuery(Name = "semester")] public string? TermQuery { get; set; }
    [SupplyParameterFromQuery(Name = "selesai")] public string? Done { get; set; }

    /// <summary>The class a move (<c>?selesai=dipindah</c>) took the students to.</summary>
    [SupplyParameterFromQuery(Name = "ke")] public string? ToClassQuery { get; set; }

    protected List<TermRow> Terms { get; private set; } = [];
    protected TermRow? Term { get; private set; }

    protected CancellationToken Ct => HttpContext.RequestAborted;
    protected string SchoolId => HttpContext.User.SchoolId();
    protected Actor By => HttpContext.User.ToActor();

    protected Guid? GuidField(string name) => Guid.TryParse(Field(name), out var id) && id != Guid.Empty ? id : null;

    protected int IntField(string name, int otherwise = -1) => int.TryParse(Field(name), out var n) ? n : otherwise;

    protected DateOnly? DateField(string name) => DateOnly.TryParseExact(Field(name), "yyyy-MM-dd", out var d) ? d : null;

    protected string TermParameter => Term is null ? "" : $"?semester={Term.TermId}";

    protected async Task<ReadModelDb> OpenAsync()
    {
        await Consistency.WaitAsync(Ct);
        var db = ReadModel.CreateDbContext();
        Terms = await MasterDataQuery.TermsAsync(db, SchoolId, Ct);
        var asked = QueryValue.Id(TermQuery);
        Term = Terms.FirstOrDefault(t => t.TermId == asked) ?? Terms.FirstOrDefault();
        return db;
    }

    protected static string TermName(TermRow t) => Format.Term(t.SchoolYear, t.Semester);

    /// <summary>What a move does to the scores already entered, said wherever students are moved.</summary>
    protected const string ScoresStayBehind =
        "Nilai yang sudah diisi di kelas lamanya tetap tersimpan di sana; lembar nilai kelas barunya menampilkannya untuk disalin guru mata pelajaran.";

    /// <summary>The notice of a move to the class of <c>?ke=</c> among <paramref name="classes"/>: who went, and where to (the page
    /// alone does not say where). Null when it is no move or names no such class.</summary>
    protected string? MovedNotice(string who, IEnumerable<ClassItem> classes) =>
        Notice(Done) == "dipindah" && classes.FirstOrDefault(c => c.ClassId == QueryValue.Id(ToClassQuery)) is { } to
            ? $"{who} dipindahkan ke kelas {to.Name}. {ScoresStayBehind}"
            : null;

    /// <summary>The success notice of <c>?selesai=</c>; none beside the errors of a refused post to the same address.</summary>
    protected string DoneMessage(string? done) => Notice(done) switch
    {
        null or "" => "",
        "dibuat" => "Tersimpan: data baru dibuat.",
        "diubah" => "Perubahan tersimpan.",
        "dipindah" => "Peserta didik dipindahkan. " + ScoresStayBehind,
        "dikeluarkan" => "Peserta didik dikeluarkan dari kelas.",
        "diganti" => "Guru pengampu diganti.",
        "tidak-berubah" => "Tidak ada perubahan.",
        "dimasukkan" => "Peserta didik dimasukkan ke kelas.",
        _ => "Tersimpan.",
    };
}
