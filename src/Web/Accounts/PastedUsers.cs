using ERaport.Write.Common;

namespace ERaport.Web.Accounts;

/// <summary>One line of a pasted list of teachers; <see cref="Row"/> is its line number in what was pasted.</summary>
public sealed record PastedUser(int Row, string? DisplayName, string? Nip, string? UserName);

/// <summary>Reads the list an admin copies from a spreadsheet (cells separated by tabs) or types (separated by semicolons):
/// Nama lengkap, NIP (optional), Nama pengguna (optional). A header row is recognised by its names and skipped; empty lines
/// are skipped. Whether each row is right is the decision's (RegisterUsers), not this reader's.</summary>
public static class PastedUsers
{
    public const int Columns = 3;

    private static readonly HashSet<string> HeaderNames =
        ["nama", "nama lengkap", "nama guru", "nama pegawai", "nip", "nama pengguna", "username", "user name"];

    public static (IReadOnlyList<PastedUser> Rows, IReadOnlyList<DomainError> Problems) Parse(string? text)
    {
        var rows = new List<PastedUser>();
        var problems = new List<DomainError>();
        var lines = (text ?? "").ReplaceLineEndings("\n").Split('\n');
        var first = true;
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
                continue;
            var cells = Cells(lines[i]);
            if (first && cells.Any(c => HeaderNames.Contains(c.ToLowerInvariant())))
            {
                first = false;
                continue;
            }
            first = false;
            if (cells.Count > Columns)
                problems.Add(new DomainError("row.too_many_columns",
                    $"Baris ini berisi {cells.Count} kolom; yang dibaca hanya tiga: Nama lengkap, NIP, Nama pengguna.").AtRow(i + 1));
            string? Cell(int n) => n < cells.Count && cells[n].Length > 0 ? cells[n] : null;
            rows.Add(new PastedUser(i + 1, Cell(0), Cell(1), Cell(2)));
        }
        return (rows, problems);
    }

    /// <summary>A spreadsheet's cells when the line has a tab, else the typed ones between semicolons; quotes a spreadsheet
    /// puts around a cell are dropped, and so are empty cells at the end (a copied row often ends in a few).</summary>
    private static List<string> Cells(string line)
    {
        var cells = line.Split(line.Contains('\t') ? '\t' : ';').Select(c => c.Trim().Trim('"').Trim()).ToList();
        while (cells.Count > 0 && cells[^1].Length == 0)
            cells.RemoveAt(cells.Count - 1);
        return cells;
    }
}
