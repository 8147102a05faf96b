using ERaport.Read.Audit;
using ERaport.Write.ReportCards;

namespace ERaport.Tests.Unit.Audit;

public sealed class PrintCheckpointTests
{
    private static ReportCardPrinted Printed(PrintKind? kind) =>
        new(VerificationCode.New(), new string('a', 64), Guid.NewGuid(), "X-1", "Ani", [], kind);

    [Fact]
    public void a_print_checkpoint_names_the_kind_of_print_as_the_print_history_does()
    {
        EventChainSubscription.PrintReason(Printed(PrintKind.StudentPdf), 1).ShouldBe("Cetak rapor kelas X-1 (PDF siswa, 1 peserta didik)");
        EventChainSubscription.PrintReason(Printed(PrintKind.ClassPdf), 30).ShouldBe("Cetak rapor kelas X-1 (PDF kelas, 30 peserta didik)");
        EventChainSubscription.PrintReason(Printed(PrintKind.ClassZip), 30).ShouldBe("Cetak rapor kelas X-1 (ZIP kelas, 30 peserta didik)");
    }

    /// <summary>A print stored before prints said their kind and chained after the upgrade (the chain was behind) reads as print
    /// checkpoints always did, not as a print of an unknown kind.</summary>
    [Fact]
    public void a_print_stored_before_prints_said_their_kind_is_checkpointed_as_before()
    {
        EventChainSubscription.PrintReason(Printed(null), 2).ShouldBe("Cetak rapor kelas X-1 (2 peserta didik)");
    }
}
