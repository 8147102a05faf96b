using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ERaport.Read.ReadModel;

/// <summary>Writes row changes straight to SQLite inside one transaction, in the order given, with one
/// prepared statement per table and kind of change (upsert, insert, delete) re-bound for every row. EF Core's
/// change tracker cost a lookup per upserted row; here an upsert is one
/// <c>INSERT … ON CONFLICT DO UPDATE</c>. Columns, keys and value conversions come from the EF Core model,
/// so rows are stored exactly as EF Core stores and reads them.</summary>
internal sealed class RowWriter(SqliteConnection connection, SqliteTransaction transaction) : IDisposable
{
    private static readonly ConcurrentDictionary<Type, RowTable> Tables = new();

    // The tables do not depend on the file, so any context gives the model.
    private static readonly Lazy<IModel> Model = new(() =>
    {
        using var db = new ReadModelDb(new DbContextOptionsBuilder<ReadModelDb>().UseSqlite("Data Source=:memory:").Options);
        return db.Model;
    });

    private readonly Dictionary<(Type Row, Type Change), Statement> _statements = [];

    public void Write(RowChange change)
    {
        switch (change)
        {
            case Upsert upsert:
                Run(upsert.Row.GetType(), typeof(Upsert), t => t.Upsert, upsert.Row);
                break;
            case Insert insert:
                Run(insert.Row.GetType(), typeof(Insert), t => t.Insert, insert.Row);
                break;
            case Delete delete:
                Run(delete.RowType, typeof(Delete), t => t.Delete, delete.Key);
                break;
            default:
                throw new InvalidOperationException($"Unknown row change {change.GetType().Name}");
        }
    }

    private void Run(Type rowType, Type kind, Func<RowTable, (string Sql, IProperty[] Columns)> sqlOf, object rowOrKey)
    {
        if (!_statements.TryGetValue((rowType, kind), out var statement))
        {
            var table = Tables.GetOrAdd(rowType, RowTable.Of);
            var (sql, columns) = sqlOf(table);
            _statements[(rowType, kind)] = statement = new Statement(connection, transaction, sql, columns);
        }
        statement.Run(rowOrKey);
    }

    public void Dispose()
    {
        foreach (var statement in _statements.Values)
            statement.Dispose();
    }

    private sealed class Statement : IDisposable
    {
        private readonly SqliteCommand _command;
        private readonly IProperty[] _columns;
        private readonly ValueConverter?[] _converters;

        public Statement(SqliteConnection connection, SqliteTransaction transaction, string sql, IProperty[] columns)
        {
            _columns = columns;
            _command = new SqliteCommand(sql, connection, transaction);
            // EF Core's own type mapping types each parameter (Guid and decimal as text, as EF stores them).
            var mappings = columns.Select(c => c.GetRelationalTypeMapping()).ToArray();
            _converters = [.. mappings.Select(m => m.Converter)];
            for (var i = 0; i < columns.Length; i++)
                _command.Parameters.Add((SqliteParameter)mappings[i].CreateParameter(_command, "$p" + i, null, nullable: true));
            _command.Prepare();
        }

        /// <summary>Binds a row (its columns) or a key (its values in key order) and runs the statement.</summary>
        public void Run(object rowOrKey)
        {
            var key = rowOrKey as object[];
            for (var i = 0; i < _columns.Length; i++)
            {
                var value = key is not null ? key[i] : _columns[i].GetGetter().GetClrValueUsingContainingEntity(rowOrKey);
                _command.Parameters[i].Value = (value is null ? null : _converters[i]?.ConvertToProvider(value) ?? value) ?? DBNull.Value;
            }
            _command.ExecuteNonQuery();
        }

        public void Dispose() => _command.Dispose();
    }

    /// <summary>One read-model table: its SQL for each kind of change, with the columns each binds.</summary>
    private sealed record RowTable((string, IProperty[]) Upsert, (string, IProperty[]) Insert, (string, IProperty[]) Delete)
    {
        public static RowTable Of(Type rowType)
        {
            var entity = Model.Value.FindEntityType(rowType) ?? throw new InvalidOperationException($"{rowType.Name} is not a read-model table.");
            var table = Quote(entity.GetTableName()!);
            var columns = entity.GetProperties().ToArray();
            var key = entity.FindPrimaryKey()!.Properties.ToArray();
            var names = string.Join(", ", columns.Select(Column));
            var values = string.Join(", ", columns.Select((_, i) => "$p" + i));
            var insert = $"INSERT INTO {table} ({names}) VALUES ({values})";
            var others = columns.Except(key).Select(c => $"{Column(c)} = excluded.{Column(c)}").ToList();
            var onConflict = others.Count == 0 ? "DO NOTHING" : "DO UPDATE SET " + string.Join(", ", others);
            return new RowTable(
                ($"{insert} ON CONFLICT ({string.Join(", ", key.Select(Column))}) {onConflict}", columns),
                (insert, columns),
                ($"DELETE FROM {table} WHERE {string.Join(" AND ", key.Select((c, i) => $"{Column(c)} = $p{i}"))}", key));
        }

        private static string Column(IProperty p) => Quote(p.GetColumnName());

        private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
    }
}
