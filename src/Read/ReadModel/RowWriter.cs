using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SQLitePCL;

namespace ERaport.Read.ReadModel;

/// <summary>Writes row changes straight to SQLite inside one transaction, in the order given, with one prepared
/// statement per table and kind of change (upsert, insert, delete) re-bound for every row. EF Core's change tracker
/// cost a lookup per upserted row; here an upsert is one <c>INSERT … ON CONFLICT DO UPDATE</c>. Columns, keys and
/// value conversions come from the EF Core model, so rows are stored exactly as EF Core stores and reads them.</summary>
internal sealed class RowWriter(SqliteConnection connection) : IDisposable
{
    // The tables do not depend on the file, so any context gives the model. All are read at once, so a column
    // the writer cannot bind fails the first write of any table.
    private static readonly Lazy<Dictionary<Type, RowTable>> Tables = new(() =>
    {
        using var db = new ReadModelDb(new DbContextOptionsBuilder<ReadModelDb>().UseSqlite("Data Source=:memory:").Options);
        return db.Model.GetEntityTypes().ToDictionary(e => e.ClrType, e => new RowTable(e));
    });

    private readonly Dictionary<RowTable, Statements> _statements = [];

    public void Write(RowChange change)
    {
        switch (change)
        {
            case Upsert upsert:
            {
                var statements = StatementsOf(upsert.Row.GetType());
                statements.Upsert.Run(statements.Table.ValuesOf(upsert.Row));
                break;
            }
            case Insert insert:
            {
                var statements = StatementsOf(insert.Row.GetType());
                statements.Insert.Run(statements.Table.ValuesOf(insert.Row));
                break;
            }
            case Delete delete:
            {
                var statements = StatementsOf(delete.RowType);
                statements.Delete.Run(statements.Table.ProviderKey(delete.Key));
                break;
            }
            default:
                throw new InvalidOperationException($"Unknown row change {change.GetType().Name}");
        }
    }

    private Statements StatementsOf(Type rowType)
    {
        var table = Tables.Value.TryGetValue(rowType, out var known) ? known : throw new InvalidOperationException($"{rowType.Name} is not a read-model table.");
        if (!_statements.TryGetValue(table, out var statements))
            _statements[table] = statements = new Statements(table, connection);
        return statements;
    }

    public void Dispose()
    {
        foreach (var statements in _statements.Values)
            statements.Dispose();
    }

    /// <summary>A table's three statements, prepared when the table is first written in this transaction.</summary>
    private sealed class Statements(RowTable table, SqliteConnection connection) : IDisposable
    {
        private Statement? _upsert, _insert, _delete;

        public RowTable Table => table;
        public Statement Upsert => _upsert ??= new Statement(connection, table.UpsertSql, table.Binders);
        public Statement Insert => _insert ??= new Statement(connection, table.InsertSql, table.Binders);
        public Statement Delete => _delete ??= new Statement(connection, table.DeleteSql, table.KeyBinders);

        public void Dispose()
        {
            _upsert?.Dispose();
            _insert?.Dispose();
            _delete?.Dispose();
        }
    }

    /// <summary>A statement prepared on the connection's own SQLite handle and bound by position. Through
    /// <see cref="SqliteCommand"/> every run looked each parameter up by name, created a data reader and copied
    /// each text to a new array; here each value is bound as Microsoft.Data.Sqlite would bind it
    /// (<see cref="ColumnBinder"/>), the statement runs inside the connection's open transaction.</summary>
    private sealed class Statement : IDisposable
    {
        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _statement;
        private readonly ColumnBinder[] _binders;

        public Statement(SqliteConnection connection, string sql, ColumnBinder[] binders)
        {
            _db = connection.Handle!;
            _binders = binders;
            var rc = raw.sqlite3_prepare_v2(_db, sql, out _statement);
            if (rc != raw.SQLITE_OK)
                SqliteException.ThrowExceptionForRC(rc, _db);
        }

        /// <summary>Binds values already converted to what the provider stores, and runs the statement.</summary>
        public void Run(object?[] values)
        {
            try
            {
                int rc;
                for (var i = 0; i < _binders.Length; i++)
                    if ((rc = _binders[i].Bind(_statement, i + 1, values[i])) != raw.SQLITE_OK)
                        SqliteException.ThrowExceptionForRC(rc, _db);
                rc = raw.sqlite3_step(_statement);
                if (rc != raw.SQLITE_DONE)
                    SqliteException.ThrowExceptionForRC(rc, _db);
            }
            finally
            {
                raw.sqlite3_reset(_statement);
            }
        }

        public void Dispose() => _statement.Dispose();
    }

    /// <summary>One read-model table: its SQL for each kind of change and how to read a row's values and key.</summary>
    private sealed class RowTable
    {
        private readonly IClrPropertyGetter[] _getters;
        private readonly int[] _keyIndexes;

        public RowTable(IEntityType entity)
        {
            var table = Quote(entity.GetTableName()!);
            var columns = entity.GetProperties().ToArray();
            IProperty[] keyColumns = [.. entity.FindPrimaryKey()!.Properties];
            _getters = [.. columns.Select(c => c.GetGetter())];
            _keyIndexes = [.. keyColumns.Select(k => Array.IndexOf(columns, k))];
            Binders = [.. columns.Select(ColumnBinder.For)];
            KeyBinders = [.. _keyIndexes.Select(i => Binders[i])];
            var names = string.Join(", ", columns.Select(Column));
            var values = string.Join(", ", columns.Select((_, i) => "$p" + i));
            InsertSql = $"INSERT INTO {table} ({names}) VALUES ({values})";
            var others = columns.Except(keyColumns).Select(c => $"{Column(c)} = excluded.{Column(c)}").ToList();
            var onConflict = others.Count == 0 ? "DO NOTHING" : "DO UPDATE SET " + string.Join(", ", others);
            UpsertSql = $"{InsertSql} ON CONFLICT ({string.Join(", ", keyColumns.Select(Column))}) {onConflict}";
            DeleteSql = $"DELETE FROM {table} WHERE {string.Join(" AND ", keyColumns.Select((c, i) => $"{Column(c)} = $p{i}"))}";
        }

        public ColumnBinder[] Binders { get; }
        public ColumnBinder[] KeyBinders { get; }
        public string UpsertSql { get; }
        public string InsertSql { get; }
        public string DeleteSql { get; }

        /// <summary>A row's column values as stored.</summary>
        public object?[] ValuesOf(object row)
        {
            var values = new object?[_getters.Length];
            for (var i = 0; i < values.Length; i++)
                values[i] = Binders[i].Stored(_getters[i].GetClrValueUsingContainingEntity(row));
            return values;
        }

        /// <summary>A delete's key values as stored.</summary>
        public object?[] ProviderKey(object[] clrKey)
        {
            var key = new object?[clrKey.Length];
            for (var i = 0; i < key.Length; i++)
                key[i] = KeyBinders[i].Stored(clrKey[i]);
            return key;
        }

        private static string Column(IProperty p) => Quote(p.GetColumnName());

        private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"") + "\"";
    }

    /// <summary>Binds a column's stored values exactly as EF Core and Microsoft.Data.Sqlite store them (integers
    /// and booleans as integers; Guid as its 16 bytes, decimal and DateOnly as invariant text), through
    /// stack buffers instead of new strings and arrays. Only the types the read model stores are known; the
    /// tables are all read when the first row is written, so another type fails at once.</summary>
    private sealed class ColumnBinder
    {
        private const string DecimalFormat = "0.0###########################";
        private const string DateFormat = @"yyyy\-MM\-dd";

        private enum Kind { Integer, Boolean, Text, Guid, Decimal, Date }

        private readonly Kind _kind;
        private readonly ValueConverter? _converter;

        private ColumnBinder(Kind kind, ValueConverter? converter)
        {
            _kind = kind;
            // A Guid's 16 bytes are written straight from the Guid, not through a new array per value.
            _converter = kind == Kind.Guid ? null : converter;
        }

        /// <summary>A value as this binder takes it: converted as EF Core stores it, or as it is when bound directly.</summary>
        public object? Stored(object? value) => value is null ? null : _converter?.ConvertToProvider(value) ?? value;

        public static ColumnBinder For(IProperty column)
        {
            var mapping = column.GetRelationalTypeMapping();
            var type = mapping.Converter?.ProviderClrType ?? column.ClrType;
            type = Nullable.GetUnderlyingType(type) ?? type;
            type = type.IsEnum ? Enum.GetUnderlyingType(type) : type;
            var kind = type switch
            {
                _ when type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(byte) => Kind.Integer,
                _ when type == typeof(bool) => Kind.Boolean,
                _ when type == typeof(string) => Kind.Text,
                _ when type == typeof(byte[]) && mapping.Converter is GuidToBytesConverter => Kind.Guid,
                _ when type == typeof(decimal) && mapping.StoreType == "TEXT" => Kind.Decimal,
                _ when type == typeof(DateOnly) && mapping.StoreType == "TEXT" => Kind.Date,
                _ => throw new NotSupportedException(
                    $"The read-model writer cannot store {column.DeclaringType.DisplayName()}.{column.Name} ({type.Name} as {mapping.StoreType})."),
            };
            return new ColumnBinder(kind, mapping.Converter);
        }

        public int Bind(sqlite3_stmt statement, int index, object? value)
        {
            switch (_kind)
            {
                case var _ when value is null:
                    return raw.sqlite3_bind_null(statement, index);
                case Kind.Integer:
                    return raw.sqlite3_bind_int64(statement, index, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                case Kind.Boolean:
                    return raw.sqlite3_bind_int64(statement, index, (bool)value ? 1 : 0);
                case Kind.Text:
                    return BindText(statement, index, (string)value);
                case Kind.Guid:
                {
                    // The bytes of Guid.ToByteArray, which EF Core's GuidToBytesConverter stores.
                    Span<byte> bytes = stackalloc byte[16];
                    ((Guid)value).TryWriteBytes(bytes);
                    return raw.sqlite3_bind_blob(statement, index, bytes);
                }
            }
            Span<byte> utf8 = stackalloc byte[64];
            int length;
            if (_kind == Kind.Decimal)
                ((decimal)value).TryFormat(utf8, out length, DecimalFormat, CultureInfo.InvariantCulture);
            else
                ((DateOnly)value).TryFormat(utf8, out length, DateFormat, CultureInfo.InvariantCulture);
            return raw.sqlite3_bind_text(statement, index, utf8[..length]);
        }

        /// <summary>SQLite copies the text while binding, so a stack or pooled buffer is enough.</summary>
        private static int BindText(sqlite3_stmt statement, int index, string value)
        {
            var most = Encoding.UTF8.GetMaxByteCount(value.Length);
            if (most <= 1024)
            {
                Span<byte> utf8 = stackalloc byte[most];
                return raw.sqlite3_bind_text(statement, index, utf8[..Encoding.UTF8.GetBytes(value, utf8)]);
            }
            var rented = ArrayPool<byte>.Shared.Rent(most);
            try
            {
                return raw.sqlite3_bind_text(statement, index, rented.AsSpan(0, Encoding.UTF8.GetBytes(value, rented)));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
