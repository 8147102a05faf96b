using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace ERaport.Web.Components;

/// <summary>A component's markup rendered once per data object and kept as long as that object lives: for the parts of
/// a page that are the same for everyone who may see them and are built from cached data (a class's leger from
/// <see cref="ERaport.Read.ReportCards.ReportCardCache"/>). When the cache loads new data, that new object is rendered
/// anew and the old markup goes with the old object. Rendering a 32 × 12 table per request cost more CPU than the rest
/// of the request together (docs/benchmarks.md).</summary>
public sealed class RenderedOnce(IServiceScopeFactory scopes, ILoggerFactory loggers)
{
    private readonly ConditionalWeakTable<object, ConcurrentDictionary<(Type, bool), Task<string>>> _markup = new();

    /// <summary>The markup of <typeparamref name="TComponent"/> with <paramref name="parameter"/> set to <paramref name="data"/>, and
    /// the flag <paramref name="switched"/> set when given: one markup for those with it on (the rapor with its links to the
    /// histories, for who may read them), one for everybody else.</summary>
    public async Task<MarkupString> MarkupAsync<TComponent>(object data, string parameter, string? switched = null) where TComponent : IComponent
    {
        var rendered = _markup.GetValue(data, _ => new());
        var key = (typeof(TComponent), switched is not null);
        var html = rendered.GetOrAdd(key, _ => RenderAsync<TComponent>(parameter, data, switched));
        try
        {
            return new MarkupString(await html);
        }
        catch
        {
            rendered.TryRemove(KeyValuePair.Create(key, html));
            throw;
        }
    }

    private async Task<string> RenderAsync<TComponent>(string parameter, object data, string? switched) where TComponent : IComponent
    {
        // Its own scope: the renderer resolves scoped services, and the markup must not depend on the request's.
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        var parameters = new Dictionary<string, object?> { [parameter] = data };
        if (switched is not null)
            parameters[switched] = true;
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());
    }
}
