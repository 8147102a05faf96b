using ERaport.Write.ReportCards;
using JasperFx.Events;

namespace ERaport.Tests.Unit.ReportCards;

public static class Cards
{
    /// <summary>A card after <paramref name="events"/>, each stored by wali.x1 at <see cref="TestEvents.At"/> (as Marten hands
    /// them to the aggregate: with their metadata where its Apply reads it).</summary>
    public static ReportCard After(params object[] events)
    {
        var card = new ReportCard();
        foreach (var e in events)
        {
            var stored = (IEvent)Activator.CreateInstance(typeof(Event<>).MakeGenericType(e.GetType()), e)!;
            stored.UserName = "wali.x1";
            stored.Timestamp = TestEvents.At;
            try
            {
                ((dynamic)card).Apply((dynamic)stored);
            }
            catch (Microsoft.CSharp.RuntimeBinder.RuntimeBinderException)
            {
                ((dynamic)card).Apply((dynamic)e);
            }
        }
        return card;
    }
}
