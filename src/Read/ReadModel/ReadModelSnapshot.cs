using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace ERaport.Read.ReadModel;

/// <summary>Every row of every read-model table as canonical JSON, in a stable order: to prove that two
/// read models (live and rebuilt, original and restored) hold the same content.</summary>
public static class ReadModelSnapshot
{
    public static async Task<Dictionary<string, List<string>>> TakeAsync(ReadModelStore store, CancellationToken ct = default)
    {
        await using var db = store.CreateDbContext();
        var snapshot = new Dictionary<string, List<string>>();
        foreach (var entity in db.Model.GetEntityTypes().OrderBy(e => e.ClrType.Name, StringComparer.Ordinal))
        {
            var set = (IQueryable<object>)typeof(DbContext).GetMethod(nameof(DbContext.Set), Type.EmptyTypes)!
                .MakeGenericMethod(entity.ClrType).Invoke(db, null)!;
            var rows = await set.ToListAsync(ct);
            snapshot[entity.ClrType.Name] = [.. rows.Select(r => JsonSerializer.Serialize(r, entity.ClrType)).Order(StringComparer.Ordinal)];
        }
        return snapshot;
    }

    /// <summary>Row count and SHA-256 per table.</summary>
    public static IReadOnlyList<(string Table, int Rows, string Sha256)> Digest(Dictionary<string, List<string>> snapshot) =>
        snapshot.Select(t => (t.Key, t.Value.Count,
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', t.Value)))))).ToList();
}
