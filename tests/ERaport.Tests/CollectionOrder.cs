using ERaport.Tests.Browser;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestCollectionOrderer("ERaport.Tests.BrowserCollectionFirst", "ERaport.Tests")]

namespace ERaport.Tests;

/// <summary>The browser tests share one app and one Chromium and run one after another for about five minutes; started
/// last (as the default order happened to), they ran alone on one core after everything else had finished. Started first,
/// they overlap the rest of the suite.</summary>
public sealed class BrowserCollectionFirst : ITestCollectionOrderer
{
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => c.DisplayName == BrowserCollection.Name ? 0 : 1).ThenBy(c => c.UniqueID);
}
