namespace ERaport.Read.ReadModel;

/// <summary>What a projector asks of the read model. Projectors return these and touch no database,
/// so they are tested as plain functions.</summary>
public abstract record RowChange;

/// <summary>Insert the row, or replace the row with the same key.</summary>
public sealed record Upsert(object Row) : RowChange;

public sealed record Delete(Type RowType, object[] Key) : RowChange
{
    public static Delete Of<TRow>(params object[] key) where TRow : class => new(typeof(TRow), key);
}

/// <summary>Insert a row that cannot exist yet (history); cheaper than an upsert.</summary>
public sealed record Insert(object Row) : RowChange;
