using ERaport.Read.ReadModel;

namespace ERaport.Web.Components.Operations;

/// <summary>A rebuild's progress in a sentence for the admin. The count reaches 100 % when the events are applied, and
/// the indexes then take about a third as long again: the sentence says so, so that the page does not look stuck.</summary>
public static class RebuildProgressText
{
    public static string Describe(RebuildProgress p, DateTimeOffset now)
    {
        var counted = $"{Format.Count(p.Done)} / {Format.Count(p.Total)} perubahan ({p.Percent.ToString("N0", Format.Indonesian)}%), " +
            $"{p.EventsPerSecond.ToString("N0", Format.Indonesian)} perubahan/detik";
        return p.Stage switch
        {
            // Until the events are counted there is no "0 / 0" to show: that reads as nothing to do, or stuck.
            RebuildStage.Applying when p.Total == 0 => "Sedang berjalan: baru dimulai, menghitung perubahan yang akan diterapkan.",
            RebuildStage.Applying => $"Sedang berjalan: menerapkan {counted}" +
                (p.TimeLeft is { } left ? $", sisa ± {left.TotalSeconds.ToString("N0", Format.Indonesian)} detik" : "") + ".",
            RebuildStage.BuildingIndexes => $"Sedang berjalan: {Format.Count(p.Done)} perubahan sudah diterapkan; kini menyusun indeks dan memeriksa berkas baru " +
                $"(sudah {Seconds(now - p.AppliedAt!.Value)} detik).",
            RebuildStage.Swapping => "Sedang berjalan: indeks selesai; menerapkan perubahan terbaru, lalu berkas baru menggantikan yang lama.",
            _ when p.State == RebuildState.Succeeded => $"Selesai: {counted}" +
                (p is { StartedAt: { } from, FinishedAt: { } to } ? $", dalam {Seconds(to - from)} detik" : "") + ".",
            _ => $"Gagal: {counted}.",
        };
    }


    private static string Seconds(TimeSpan span) => Math.Max(0, span.TotalSeconds).ToString("N0", Format.Indonesian);
}
