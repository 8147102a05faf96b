using System.Globalization;
using ERaport.Write.Common;
using ERaport.Write.School;
using Marten;

namespace ERaport.Write.Grading;

/// <summary>Saves cells of one gradebook in one go, all or nothing: a grid save, a spreadsheet upload or an
/// API call. Each cell carries the value the user saw (<see cref="ScoreEntry.Seen"/>, null for an empty
/// cell); a cell that has changed since is a conflict, never a silent overwrite. Changing a value that
/// exists is a correction and needs a reason. <see cref="ScoreEntry.Value"/> is the text as typed, so that
/// the form, the API and uploads share this one validation. The final grades, tercapai and descriptions
/// that change follow the score events (<see cref="GradebookCalculation"/>).</summary>
public sealed record SaveScores(
    Guid CommandId, Guid GradebookId, IReadOnlyList<ScoreEntry> Scores, string? Reason, Actor By, EntrySource Source) : ICommand;

public sealed record ScoreEntry(Guid StudentId, string Assessment, string? Value, int? Seen);

public sealed record ScoresRecorded(IReadOnlyList<RecordedScore> Scores);

public sealed record RecordedScore(Guid StudentId, string Assessment, int Value);

/// <summary>After is null when a wrongly entered score is removed.</summary>
public sealed record ScoreCorrected(Guid StudentId, string Assessment, int? Before, int? After, string Reason);

public static class SaveScoresHandler
{
    public const int MaxCellsPerSave = 5000;
    public const int MaxReasonLength = 1000;

    public static Decision Decide(Gradebook? gradebook, SchoolClass? schoolClass, SaveScores c)
    {
        if (GradebookRules.TeacherOfRecord(gradebook, c.By) is { } refused)
            return refused;
        if (gradebook is null || schoolClass is null)
            return Decision.Reject(OutcomeStatus.NotFound, new DomainError("gradebook.not_found", "Buku nilai tidak ditemukan."));
        if (c.Scores is not { Count: > 0 })
            return Decision.Invalid(new DomainError("scores.empty", "Tidak ada nilai yang dikirim."));
        if (c.Scores.Any(e => e is null))
            return Decision.Invalid(new DomainError("scores.empty_entry", "Ada isian nilai yang kosong (null) dalam daftar."));
        if (c.Scores.Count > MaxCellsPerSave)
            return Decision.Invalid(new DomainError("scores.too_many", $"Paling banyak {MaxCellsPerSave} nilai sekali simpan."));

        var errors = new List<DomainError>();
        var conflicts = new List<DomainError>();
        var recorded = new List<RecordedScore>();
        var corrections = new List<(ScoreEntry Entry, int Before, int? After)>();
        var seenCells = new HashSet<string>();
        var assessments = gradebook.Assessments.Select(a => a.Key).ToHashSet();

        foreach (var entry in c.Scores)
        {
            var cell = Cell(entry);
            if (!schoolClass.StudentIds.Contains(entry.StudentId))
            {
                errors.Add(new DomainError("student.not_in_class", "Peserta didik ini tidak terdaftar di kelas ini.", cell));
                continue;
            }
            if (entry.Assessment is null || !assessments.Contains(entry.Assessment))
            {
                errors.Add(new DomainError("assessment.unknown", $"Penilaian \"{entry.Assessment}\" tidak ada di buku nilai ini.", cell));
                continue;
            }
            if (!seenCells.Add(Gradebook.CellKey(entry.StudentId, entry.Assessment)))
            {
                errors.Add(new DomainError("score.duplicate_cell", "Nilai yang sama dikirim dua kali dalam satu simpan.", cell));
                continue;
            }
            var parsed = ParseScore(entry.Value, cell);
            if (parsed.Error is not null)
            {
                errors.Add(parsed.Error);
                continue;
            }

            var current = gradebook.Score(entry.StudentId, entry.Assessment);
            if (current?.Value == parsed.Value)
                continue; // already so, whoever set it: nothing to do
            if (current?.Value != entry.Seen)
            {
                conflicts.Add(Conflict(entry, current, cell));
                continue;
            }
            if (current is null)
            {
                if (parsed.Value is { } value)
                    recorded.Add(new RecordedScore(entry.StudentId, entry.Assessment, value));
            }
            else
            {
                corrections.Add((entry, current.Value, parsed.Value));
            }
        }

        if (corrections.Count > 0)
        {
            if (string.IsNullOrWhiteSpace(c.Reason))
                errors.Add(new DomainError("correction.reason_required", "Alasan koreksi wajib diisi karena ada nilai yang diubah."));
            else if (c.Reason.Trim().Length > MaxReasonLength)
                errors.Add(new DomainError("correction.reason_too_long", $"Alasan koreksi paling banyak {MaxReasonLength} karakter."));
            else if (Rules.TextProblem(c.Reason, "Alasan koreksi", allowMarkup: true) is { } problem)
                errors.Add(new DomainError("correction.reason_invalid_characters", problem));
        }

        if (errors.Count > 0)
            return Decision.Invalid([.. errors, .. conflicts]);
        if (conflicts.Count > 0)
            return Decision.Reject(OutcomeStatus.Conflict, conflicts);

        var events = new List<object>();
        if (recorded.Count > 0)
            events.Add(new ScoresRecorded(recorded));
        events.AddRange(corrections.Select(x => new ScoreCorrected(x.Entry.StudentId, x.Entry.Assessment, x.Before, x.After, c.Reason!.Trim())));
        return GradebookCalculation.Append(gradebook, c.By, recorded.Count + corrections.Count, events);
    }

    public static Task<CommandOutcome> Handle(SaveScores c, IDocumentSession session, CancellationToken ct) =>
        GradebookRules.ExecuteWithClass(session, c, c.GradebookId, (gradebook, schoolClass) => Decide(gradebook, schoolClass, c), ct);

    /// <summary>A score is a whole number 0–100; an empty value removes the score.</summary>
    public static (int? Value, DomainError? Error) ParseScore(string? text, IReadOnlyDictionary<string, object?> cell)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
            return (null, null);
        if (IsWholeNumber(trimmed))
        {
            var digits = trimmed.TrimStart('-').TrimStart('0');
            var negative = trimmed[0] == '-' && digits.Length > 0;
            if (!negative && digits.Length <= 3 && int.Parse(digits.Length == 0 ? "0" : digits, CultureInfo.InvariantCulture) is var whole and <= 100)
                return (whole, null);
            return (null, new DomainError("score.out_of_range", $"Nilai {Shown(trimmed)} di luar rentang 0–100.", cell));
        }
        if (trimmed.Length <= 12 && decimal.TryParse(trimmed.Replace(',', '.'), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture, out _))
            return (null, new DomainError("score.not_whole", $"Nilai \"{Shown(trimmed)}\" harus bilangan bulat tanpa koma.", cell));
        return (null, new DomainError("score.not_a_number", $"Nilai \"{Shown(trimmed)}\" bukan angka. Isi bilangan bulat 0–100.", cell));
    }

    private static bool IsWholeNumber(string text) =>
        text.Length > (text[0] == '-' ? 1 : 0) && text.Skip(text[0] == '-' ? 1 : 0).All(char.IsAsciiDigit);

    private static string Shown(string text) => text.Length > 20 ? text[..20] + "…" : text;

    internal static Dictionary<string, object?> Cell(ScoreEntry entry) => new()
    {
        ["studentId"] = entry.StudentId,
        ["assessment"] = entry.Assessment,
        ["value"] = entry.Value is { Length: > 50 } v ? v[..50] : entry.Value,
    };

    internal static DomainError Conflict(ScoreEntry entry, ScoreCell? current, Dictionary<string, object?> cell)
    {
        cell["seen"] = entry.Seen;
        cell["current"] = current?.Value;
        cell["changedBy"] = current?.ChangedBy;
        cell["changedAt"] = current?.ChangedAt;
        var now = current is null ? "dikosongkan" : $"menjadi {current.Value}";
        var who = current is null ? "" : $" oleh {current.ChangedBy}";
        return new DomainError("score.conflict",
            $"Nilai ini sudah diubah{who} {now} sejak Anda membukanya (Anda melihat {entry.Seen?.ToString() ?? "kosong"}). Tidak ada yang ditimpa.", cell);
    }
}
