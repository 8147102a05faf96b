using System.IO.Compression;

namespace ERaport.Tests.Unit.Common;

/// <summary>Files that are not spreadsheets, for every upload's tests: made in code, no binary fixtures.</summary>
public static class BadFiles
{
    /// <summary>"empty", "junk" (64 KB of random bytes), "zip" (an archive that is no workbook), "xls" (an Excel 97 header),
    /// "ods" (LibreOffice's own format, as its "mimetype" entry says), anything else: 10 MB of random bytes.</summary>
    public static byte[] Make(string kind)
    {
        switch (kind)
        {
            case "empty":
                return [];
            case "junk":
                var junk = new byte[64 * 1024];
                new Random(3).NextBytes(junk);
                return junk;
            case "zip":
                return Zip(("foto/kelas.txt", 100));
            case "ods":
                using (var stream = new MemoryStream())
                {
                    using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
                    {
                        foreach (var (name, text) in new[] { ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<office:document-content/>") })
                        {
                            using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.NoCompression).Open());
                            writer.Write(text);
                        }
                    }
                    return stream.ToArray();
                }
            case "xls":
                return [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0, 0, 0, 0, 0];
            default:
                var big = new byte[10 * 1024 * 1024];
                new Random(4).NextBytes(big);
                return big;
        }
    }

    /// <summary>A zip whose entries hold <c>Size</c> spaces each (compressing about a thousandfold).</summary>
    public static byte[] Zip(params (string Name, long Size)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, size) in entries)
            {
                using var entry = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                var block = new byte[1024 * 1024];
                Array.Fill(block, (byte)' ');
                for (var left = size; left > 0; left -= block.Length)
                    entry.Write(block, 0, (int)Math.Min(block.Length, left));
            }
        return stream.ToArray();
    }
}
