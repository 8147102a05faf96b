using ERaport.Read.ReadModel;
using ERaport.Read.ReportCards;
using ERaport.Read.School;
using ERaport.Web.Demo;
using ERaport.Write.Accounts;
using ERaport.Write.ReportCards;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ERaport.Tests.Integration;

/// <summary>The small demo school seeded in June, the Genap term: as ./scripts/run.sh does in the second half of the school year.</summary>
public sealed class DemoGenapFixture : AppFixture
{
    protected override async Task SeedAsync()
    {
        await new DemoSchool(Service<IServiceScopeFactory>(), Service<Marten.IDocumentStore>(), Service<IPasswordHasher<UserAccount>>())
            .SeedAsync(DemoSize.Small, new DateOnly(2027, 6, 1));
        await CatchUpAsync(TimeSpan.FromMinutes(2));
    }
}

public sealed class DemoGenapTests(DemoGenapFixture demo) : IClassFixture<DemoGenapFixture>
{
    /// <summary>A Genap rapor carries the keputusan: the classes whose wali kelas data is filled have it too (XII-1 is locked,
    /// so without it its wali kelas could only add it through 32 correction requests, and the demo's rapor printed "–").</summary>
    [Fact]
    public async Task in_genap_the_filled_classes_have_their_keputusan_and_xii1_graduates()
    {
        await using var db = demo.Service<ReadModelStore>().CreateDbContext();
        var term = (await MasterDataQuery.TermsAsync(db, DemoSchool.SchoolId, default))[0];
        term.Semester.ShouldBe(2);
        foreach (var c in await MasterDataQuery.ClassesAsync(db, DemoSchool.SchoolId, term.TermId, default))
        {
            var students = (await MasterDataQuery.StudentsOfClassAsync(db, c.ClassId, default)).Select(s => s.StudentId).ToList();
            var decisions = (await HomeroomQuery.ForStudentsAsync(db, DemoSchool.SchoolId, term.TermId, students)).Values.Select(s => s.Promotion?.Kind).ToList();
            if (c.Name == "X-1")
                decisions.ShouldAllBe(d => d == null);
            else if (c.Level == 12)
                decisions.ShouldAllBe(d => d == PromotionKinds.Graduated, c.Name);
            else
                decisions.ShouldAllBe(d => d == PromotionKinds.Promoted || d == PromotionKinds.Retained, c.Name);
        }
    }
}
