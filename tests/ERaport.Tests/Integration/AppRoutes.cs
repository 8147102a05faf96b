using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ERaport.Tests.Integration;

/// <summary>One method of one route the app answers (an API endpoint, a download or a page), from the app's own endpoint
/// list, so that a sweep covers a route added later too.</summary>
public sealed record AppRoute(string Method, string Pattern, RouteEndpoint Endpoint)
{
    public bool IsApi => Pattern.StartsWith("/api/");

    public IReadOnlyList<string> RouteParameters => [.. Endpoint.RoutePattern.Parameters.Select(p => p.Name)];

    /// <summary>The type of the JSON body the endpoint declares, if it takes one.</summary>
    public Type? JsonBody =>
        Endpoint.Metadata.OfType<IAcceptsMetadata>().FirstOrDefault(a => a.ContentTypes.Contains("application/json"))?.RequestType;

    /// <summary>The values the route reads from the query: an API endpoint's parameters bound from neither the route nor the
    /// body, a page's [SupplyParameterFromQuery] properties; each with its type.</summary>
    public IReadOnlyList<(string Name, Type Type)> QueryParameters =>
        Endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is { } page
            ? [.. page.Type.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Select(p => (Property: p, Query: p.GetCustomAttribute<SupplyParameterFromQueryAttribute>()))
                .Where(p => p.Query is not null)
                .Select(p => (p.Query!.Name ?? p.Property.Name, p.Property.PropertyType))]
            : [.. Endpoint.Metadata.OfType<IParameterBindingMetadata>()
                .Where(p => (p.HasTryParse || p.ParameterInfo.ParameterType == typeof(string)) && Endpoint.RoutePattern.GetParameter(p.Name) is null)
                .Select(p => (p.Name, p.ParameterInfo.ParameterType))];

    /// <summary>Every method of every route the app maps (HEAD, the same as GET, left out).</summary>
    public static IReadOnlyList<AppRoute> All(IServiceProvider services) =>
    [
        .. services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get])
                .Where(m => m != HttpMethods.Head)
                .Select(m => new AppRoute(m, "/" + e.RoutePattern.RawText!.TrimStart('/'), e)))
            .DistinctBy(r => (r.Method, r.Pattern))
            .OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal),
    ];

    /// <summary>The route with each parameter given its value by name (any case: an API's classId is a page's ClassId), a
    /// new GUID for one <paramref name="values"/> does not name.</summary>
    public static string Fill(string pattern, IReadOnlyDictionary<string, string> values)
    {
        return Regex.Replace(pattern, @"\{\*?(\w+)(:[^}]*)?\??\}",
            m => values.FirstOrDefault(v => v.Key.Equals(m.Groups[1].Value, StringComparison.OrdinalIgnoreCase)).Value ?? Guid.NewGuid().ToString());
    }

    public string Fill(IReadOnlyDictionary<string, string> values) => Fill(Pattern, values);
}
