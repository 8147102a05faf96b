using System.Globalization;
using System.Text;
using MiniExcelLibs;

namespace ERaport.Tests.Unit.School;

/// <summary>A student as a Dapodik export lists them. <see cref="BirthDate"/> is whatever the cell holds
/// (text such as "2009-05-17", a DateTime, an Excel serial number).</summary>
public sealed record DapodikStudent(
    string Name, string Nipd, string Sex, string Nisn, string BirthPlace, object? BirthDate, string Religion, string Address,
    string Father, string Mother, string? Guardian, string Rombel);

/// <summary>Builds files shaped like Dapodik's "Daftar Peserta Didik" export in test code (no binary fixtures):
/// title rows, the header row with the parent groups, the second header row under them, data rows.
/// A file is a table of cells, so tests can reorder, add or drop columns before writing it.</summary>
public static class DapodikFiles
{
    public static readonly string[] Parent = ["Nama", "Tahun Lahir", "Jenjang Pendidikan", "Pekerjaan", "Penghasilan", "NIK"];

    public static readonly string[] Header =
    [
        "No", "Nama", "NIPD", "JK", "NISN", "Tempat Lahir", "Tanggal Lahir", "NIK", "Agama", "Alamat", "RT", "RW", "Dusun", "Kelurahan",
        "Kecamatan", "Kode Pos", "Jenis Tinggal", "Alat Transportasi", "Telepon", "HP", "E-Mail", "SKHUN", "Penerima KPS", "No. KPS",
        "Data Ayah", "", "", "", "", "", "Data Ibu", "", "", "", "", "", "Data Wali", "", "", "", "", "",
        "Rombel Saat Ini", "No Peserta Ujian Nasional", "No Seri Ijazah", "Penerima KIP", "Nomor KIP", "Sekolah Asal", "Anak ke-berapa",
    ];

    public static readonly DapodikStudent[] Students =
    [
        new("ADI NUGROHO", "2627001", "L", "0091234501", "Sukamaju", "2009-05-17", "Islam", "Jl. Melati 1", "Budi Nugroho", "Sri Wahyuni", null, "X-1"),
        new("BUNGA LESTARI", "2627002", "P", "0091234502", "Bandung", "2009-11-02", "Kristen", "Jl. Mawar 2", "Yohanes", "Maria", null, "X-1"),
        new("CITRA SIREGAR", "2627003", "P", "0091234503", "Medan", "2010-01-30", "Islam", "Jl. Kenanga 3", "Togar Siregar", "Rina", "Paman Citra", "X-2"),
    ];

    /// <summary>The whole sheet: title rows, the two header rows, one row per student.</summary>
    public static List<object?[]> Table(IEnumerable<DapodikStudent>? students = null, bool titleRows = true)
    {
        var width = Header.Length;
        object?[] Line(params object?[] cells) => [.. cells, .. new object?[width - cells.Length]];
        var sub = new object?[width];
        foreach (var start in new[] { 24, 30, 36 })
            for (var i = 0; i < Parent.Length; i++)
                sub[start + i] = Parent[i];
        var rows = new List<object?[]>();
        if (titleRows)
        {
            rows.Add(Line("Daftar Peserta Didik"));
            rows.Add(Line("SMA NEGERI 1 UJI COBA"));
            rows.Add(Line("Kecamatan Kec. Uji, Kabupaten Kab. Uji, Provinsi Prov. Jawa Barat"));
            rows.Add(Line("Tanggal Unduh: 2026-07-15 10:11:12"));
            rows.Add(Line("Pengunduh: operator@smauji.sch.id (Operator Sekolah)"));
        }
        rows.Add([.. Header]);
        rows.Add(sub);
        var n = 0;
        foreach (var s in students ?? Students)
        {
            n++;
            rows.Add(
            [
                n, s.Name, s.Nipd, s.Sex, s.Nisn, s.BirthPlace, s.BirthDate, "3201010101090001", s.Religion, s.Address, "1", "2", "Dusun Uji", "Sukamaju",
                "Kec. Uji", "40111", "Bersama orang tua", "Jalan kaki", null, "08123456789", null, null, "Tidak", null,
                s.Father, "1975", "S1", "Wiraswasta", "Rp. 2,000,000 - Rp. 4,999,999", "3201010101750001",
                s.Mother, "1978", "SMA / sederajat", "Tidak bekerja", "Tidak Berpenghasilan", "3201010101780002",
                s.Guardian, s.Guardian is null ? null : "1970", null, null, null, null,
                s.Rombel, null, null, "Tidak", null, "SMP Negeri 1 Uji", "1",
            ]);
        }
        return rows;
    }

    /// <summary>Moves the column headed <paramref name="header"/> to <paramref name="to"/> in every row.</summary>
    public static List<object?[]> MoveColumn(List<object?[]> table, string header, int to)
    {
        var from = Array.FindIndex(table.First(r => r.Contains("NIPD")), c => Equals(c, header));
        return table.Select(r =>
        {
            var cells = r.ToList();
            var cell = cells[from];
            cells.RemoveAt(from);
            cells.Insert(to, cell);
            return cells.ToArray();
        }).ToList();
    }

    public static List<object?[]> DropColumn(List<object?[]> table, string header)
    {
        var at = Array.FindIndex(table.First(r => r.Contains("NIPD")), c => Equals(c, header));
        return table.Select(r => r.Where((_, i) => i != at).ToArray()).ToList();
    }

    /// <summary>Sets the cell of <paramref name="header"/> in the data row of student <paramref name="studentIndex"/>.</summary>
    public static List<object?[]> Set(List<object?[]> table, int studentIndex, string header, object? value)
    {
        var headerRow = table.FindIndex(r => r.Contains("NIPD"));
        var at = Array.FindIndex(table[headerRow], c => Equals(c, header));
        table[headerRow + 2 + studentIndex][at] = value;
        return table;
    }

    public static byte[] Xlsx(List<object?[]> table)
    {
        var width = table.Max(r => r.Length);
        var rows = table.Select(r => Enumerable.Range(0, width)
            .ToDictionary(i => Letter(i), i => i < r.Length ? r[i] : null)).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(rows, printHeader: false);
        return stream.ToArray();
    }

    public static byte[] Csv(List<object?[]> table, char separator = ';')
    {
        var text = new StringBuilder();
        foreach (var row in table)
            text.Append(string.Join(separator, row.Select(c => Quote(Convert.ToString(c, CultureInfo.InvariantCulture) ?? "", separator)))).Append("\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Quote(string value, char separator) =>
        value.Contains(separator) || value.Contains('"') || value.Contains('\n') ? $"\"{value.Replace("\"", "\"\"")}\"" : value;

    private static string Letter(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
            letters = (char)('A' + (n - 1) % 26) + letters;
        return letters;
    }
}
