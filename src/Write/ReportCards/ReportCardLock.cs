using ERaport.Write.Common;

namespace ERaport.Write.ReportCards;

/// <summary>The class's report cards of a term were locked (kunci rapor): appended to every student's report
/// card stream of the class in one transaction, so each card's own decisions refuse changes while it holds.</summary>
public sealed record ReportCardLocked(Guid TermId, Guid ClassId);

/// <summary>The lock was lifted again by the principal, with the reason.</summary>
public sealed record ReportCardUnlocked(Guid TermId, Guid ClassId, string Reason);

public static class ReportCardLock
{
    public const string LockedCode = "report_card.locked";

    /// <summary>The refusal every homeroom decision gives while a card it would change is locked.</summary>
    public static DomainError Refusal(IReadOnlyCollection<Guid> studentIds) =>
        new(LockedCode, "Rapor kelas ini sudah dikunci, jadi tidak dapat diubah langsung. Ajukan permintaan koreksi kepada kepala sekolah, " +
            "atau minta kepala sekolah membuka kuncinya (dengan alasan).",
            new Dictionary<string, object?> { ["studentIds"] = studentIds });
}
