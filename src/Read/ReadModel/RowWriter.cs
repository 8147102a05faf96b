using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ERaport.Read.ReadModel;

/// <summary>Writes row changes straight to SQLite inside one transaction, with one prepared statement per table
/// and kind of change (upsert, insert, delete) re-bound for every row. EF Core's change tracker cost a lookup
/// per upserted row; here an upsert is one <c>INSERT … ON CONFLICT DO UPDATE</c>. Columns, keys and value
/// conversions come from the EF Core model, so rows are stored exactly as EF Core stores and reads them.
/// <para>Upserts and deletes are kept until <see cref="Commit"/> and only the last change of each key is written:
/// a batch recalculates the same final grade or mark many times, and the file only needs the last one. History
/// rows (inserts) are written at once, in order. A table with a unique index besides its key is written in
/// order, since the last changes alone could collide with rows in between.</para></summary>
internal sealed class RowWriter(SqliteConnection connection, SqliteTransaction transaction) : IDisposable
{
    private static readonly ConcurrentDictionary<Type, RowTable> Tables = new();

    // The tables do not depend on the file, so any context gives the model.
    private static readonly Lazy<IModel> Model = new(() =>
    {
        using var db = new ReadModelDb(new DbContextOptionsBuilder<ReadModelDb>().UseSqlite("Data Source=:memory:").Options);
        return db.Model;
    });

    private readonly Dictionary<RowTable, Statements> _statements = [];

    /// <summary>The last upsert or delete of each key, per table, in the order the keys were first changed.</summary>
    private readonly Dictionary<RowTable, Dictionary<object[], (Statement Statement, object?[] Values)>> _pending = [];

    public void Write(RowChange change)
    {
        switch (change)
        {
            case Upsert upsert:
            {
                var statements = StatementsOf(upsert.Row.GetType());
                var values = statements.Table.ValuesOf(upsert.Row);
                Keep(statements, statements.Upsert, values, statements.Table.KeyOf(values));
                break;
            }
            case Insert insert:
            {
                var statements = StatementsOf(insert.Row.GetType());
                // A history row after a pending change of the same table keeps its place.
                if (_pending.ContainsKey(statements.Table))
                    Flush();
                statements.Insert.Run(statements.Table.ValuesOf(insert.Row));
                break;
            }
            case Delete delete:
            {
                var statements = StatementsOf(delete.RowType);
                var (key, comparable) = statements.Table.ProviderKey(delete.Key);
                Keep(statements, statements.Delete, key, comparable ? key : null);
                break;
            }
            default:
                throw new InvalidOperationException($"Unknown row change {change.GetType().Name}");
        }
    }

    /// <summary>Writes what is kept and commits the transaction.</summary>
    public void Commit()
    {
        Flush();
        transaction.Commit();
    }

    private void Keep(Statements statements, Statement statement, object?[] values, object[]? key)
    {
        if (key is null || !statements.Table.Collapsible)
        {
            // Written in order: a table with a unique index, or a key the writer cannot compare.
            Flush();
            statement.Run(values);
            return;
        }
        if (!_pending.TryGetValue(statements.Table, out var rows))
            _pending[statements.Table] = rows = new Dictionary<object[], (Statement, object?[])>(KeyComparer.Instance);
        rows[key] = (statement, values);
    }

    private void Flush()
    {
        foreach (var rows in _pending.Values)
            foreach (var (statement, values) in rows.Values)
                statement.Run(values);
        _pending.Clear();
    }

    private Statements StatementsOf(Type rowType)
    {
        var table = Tables.GetOrAdd(rowType, RowTable.Of);
        if (!_statements.TryGetValue(table, out var statements))
            _statements[table] = statements = new Statements(table, connection, transaction);
        return statements;
    }

    public void Dispose()
    {
        foreach (var statements in _statements.Values)
            statements.Dispose();
    }

    /// <summary>A table's three statements, prepared when the table is first written in this transaction.</summary>
    private sealed class Statements(RowTable table, SqliteConnection connection, SqliteTransaction transaction) : IDisposable
    {
        private Statement? _upsert, _insert, _delete;

        public RowTable Table => table;
        public Statement Upsert => _upsert ??= new Statement(connection, transaction, table.UpsertSql, table.Columns);
        public Statement Insert => _insert ??= new Statement(connection, transaction, table.InsertSql, table.Columns);
        public Statement Delete => _delete ??= new Statement(connection, transaction, table.DeleteSql, table.KeyColumns);

        public void Dispose()
        {
            _upsert?.Dispose();
            _insert?.Dispose();
            _delete?.Dispose();
        }
    }

    private sealed class Statement : IDisposable
    {
        private readonly SqliteCommand _command;
        private readonly SqliteParameter[] _parameters;

        public Statement(SqliteConnection connection, SqliteTransaction transaction, string sql, IProperty[] columns)
        {
            _command = new SqliteCommand(sql, connection, transaction);
            // EF Core's own type mapping types each parameter (Guid and decimal as text, as EF stores them).
            _parameters = [.. columns.Select((c, i) => (SqliteParameter)c.GetRelationalTypeMapping().CreateParameter(_command, "$p" + i, null, nullable: true))];
            _command.Parameters.AddRange(_parameters);
            _command.Prepare();
        }

        /// <summary>Binds values already converted to what the provider stores, and runs the statement.</summary>
        public void Run(object?[] values)
        {
            for (var i = 0; i < _parameters.Length; i++)
                _parameters[i].Value = values[i] ?? DBNull.Value;
            _command.ExecuteNonQuery();
        }

        public void Dispose() => _command.Dispose();
    }

    /// <summary>One read-model table: its SQL for each kind of change and how to read a row's values and key.</summary>
    private sealed class RowTable
    {
        private readonly IClrPropertyGetter[] _getters;
        private readonly ValueConverter?[] _converters;
        private readonly int[] _keyIndexes;

        private RowTable(IEntityType entity)
        {
            var table = Quote(entity.GetTableName()!);
            Columns = entity.GetProperties().ToArray();
            KeyColumns = entity.FindPrimaryKey()!.Properties.ToArray();
            _getters = [.. Columns.Select(c => c.GetGetter())];
            _converters = [.. Columns.Select(c => c.GetRelationalTypeMapping().Converter)];
            _keyIndexes = [.. KeyColumns.Select(k => Array.IndexOf(Columns, k))];
            Collapsible = !entity.GetIndexes().Any(i => i.IsUnique);
            var names = string.Join(", ", Columns.Select(Column));
            var values = string.Join(", ", Columns.Select((_, i) => "$p" + i));
            InsertSql = $"INSERT INTO {table} ({names}) VALUES ({values})";
            var others = Columns.Except(KeyColumns).Select(c => $"{Column(c)} = excluded.{Column(c)}").ToList();
            var onConflict = others.Count == 0 ? "DO NOTHING" : "DO UPDATE SET " + string.Join(", ", others);
            UpsertSql = $"{InsertSql} ON CONFLICT ({string.Join(", ", KeyColumns.Select(Column))}) {onConflict}";
            DeleteSql = $"DELETE FROM {table} WHERE {string.Join(" AND ", KeyColumns.Select((c, i) => $"{Column(c)} = $p{i}"))}";
        }

        public static RowTable Of(Type rowType) =>
            new(Model.Value.FindEntityType(rowType) ?? throw new InvalidOperationException($"{rowType.Name} is not a read-model table."));

        public IProperty[] Columns { get; }
        public IProperty[] KeyColumns { get; }
        public string UpsertSql { get; }
        public string InsertSql { get; }
        public string DeleteSql { get; }

        /// <summary>Only the last change of a key matters, unless another unique index could collide in between.</summary>
        public bool Collapsible { get; }

        /// <summary>A row's column values as stored.</summary>
        public object?[] ValuesOf(object row)
        {
            var values = new object?[_getters.Length];
            for (var i = 0; i < values.Length; i++)
                values[i] = Stored(_getters[i].GetClrValueUsingContainingEntity(row), _converters[i]);
            return values;
        }

        /// <summary>A row's key as stored, taken from its values.</summary>
        public object[] KeyOf(object?[] values)
        {
            var key = new object[_keyIndexes.Length];
            for (var i = 0; i < key.Length; i++)
                key[i] = values[_keyIndexes[i]]!;
            return key;
        }

        /// <summary>A delete's key values as stored; not comparable when one is not of its column's type (it is
        /// then written in order rather than compared with other keys).</summary>
        public (object[] Key, bool Comparable) ProviderKey(object[] clrKey)
        {
            var key = new object[clrKey.Length];
            var comparable = true;
            for (var i = 0; i < key.Length; i++)
            {
                var converter = _converters[_keyIndexes[i]];
                comparable &= clrKey[i].GetType() == (converter?.ModelClrType ?? KeyColumns[i].ClrType);
                key[i] = Stored(clrKey[i], converter)!;
            }
            return (key, comparable);
        }

        private static object? Stored(object? value, ValueConverter? converter) =>
            value is null ? null : converter?.ConvertToProvider(value) ?? value;

        private static string Column(IProperty p) => Quote(p.GetColumnName());

        private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
    }

    private sealed class KeyComparer : IEqualityComparer<object[]>
    {
        public static readonly KeyComparer Instance = new();

        public bool Equals(object[]? x, object[]? y)
        {
            for (var i = 0; i < x!.Length; i++)
                if (!x[i].Equals(y![i]))
                    return false;
            return true;
        }

        public int GetHashCode(object[] key)
        {
            var hash = new HashCode();
            foreach (var value in key)
                hash.Add(value);
            return hash.ToHashCode();
        }
    }
}
