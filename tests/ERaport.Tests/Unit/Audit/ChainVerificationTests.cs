using System.Globalization;
using ERaport.Read.Audit;

namespace ERaport.Tests.Unit.Audit;

public sealed class ChainVerificationTests
{
    [Fact]
    public void an_intact_log_counts_its_changes_in_indonesian_digits_whatever_the_servers_culture()
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-US");
        try
        {
            ChainVerification.IntactUpTo(12_345, 12_400).Message
                .ShouldBe("Catatan perubahan utuh: 12.345 perubahan diperiksa sampai perubahan ke-12.400.");
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }
}
