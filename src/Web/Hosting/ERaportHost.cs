using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.StaticAssets;
using ERaport.Read.Audit;
using ERaport.Read.ReadModel;
using ERaport.Read.ReportCards;
using ERaport.Web.Accounts;
using ERaport.Web.Api;
using ERaport.Web.Components;
using ERaport.Web.Demo;
using ERaport.Web.Operations;
using ERaport.Web.ReportCards;
using ERaport.Write;
using ERaport.Write.Common;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Wolverine;
using Wolverine.Marten;

namespace ERaport.Web.Hosting;

/// <summary>The composition of E-Raport: event store and command handlers (src/Write), the SQLite read
/// model and its subscription (src/Read), sign-in, pages and the JSON API.</summary>
public static class ERaportHost
{
    public static void AddERaport(this WebApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var services = builder.Services;
        // Serves wwwroot's fingerprinted (and pre-compressed) assets from the build output in any environment,
        // as ./scripts/run.sh runs it; a published app has them in its own wwwroot.
        builder.WebHost.UseStaticWebAssets();
        var connectionString = config.GetConnectionString("EventStore") is { Length: > 0 } set ? set
            : throw new StartRefused("ConnectionStrings:EventStore is not set. Start E-Raport with ./scripts/run.sh, or with docker compose as README.md says.");

        var schema = config["EventStore:Schema"] ?? "eraport";
        // Before anything formats or compares a time: pages, decisions' messages and date filters all read it.
        try
        {
            SchoolTime.Use(config["School:TimeZone"] ?? SchoolTime.DefaultZone);
        }
        catch (TimeZoneNotFoundException unknown)
        {
            throw new StartRefused(unknown.Message);
        }

        // The read model is initialised before the event-store daemon starts feeding it.
        var readModel = new ReadModelStore(config["ReadModel:Path"] ?? "data/readmodel.db");
        services.AddSingleton(readModel);
        services.AddSingleton<IDbContextFactory<ReadModelDb>>(readModel);
        services.AddSingleton<ReadModelPosition>();
        services.AddSingleton<ReadModelWarmUp>();
        services.AddHostedService<ReadModelHostedService>();

        services.AddMarten(opts =>
            {
                opts.Connection(EventStore.ForApp(connectionString));
                opts.DatabaseSchemaName = schema;
                EventStore.Configure(opts);
            })
            .UseLightweightSessions()
            .IntegrateWithWolverine()
            .AddSubscriptionWithServices<ReadModelSubscription>(ServiceLifetime.Singleton)
            .AddSubscriptionWithServices<EventChainSubscription>(ServiceLifetime.Singleton)
            .AddAsyncDaemon(DaemonMode.Solo)
            .ApplyAllDatabaseChangesOnStartup()
            .InitializeWith(new IdClaims.FillFromStreams());

        builder.Host.UseWolverine(opts =>
        {
            opts.ApplicationAssembly = typeof(ERaportHost).Assembly;
            opts.Discovery.IncludeAssembly(typeof(EventStore).Assembly);
            opts.Durability.Mode = DurabilityMode.MediatorOnly;
            // Handler adapters are generated ahead of time into Internal/Generated (scripts/codegen.sh) and compiled
            // in: outside Development they are only loaded and Roslyn is never loaded (≈ 165 MB less, docs/benchmarks.md).
            // Development and tests fall back to compiling a handler that has none yet, without writing files.
            if (builder.Environment.IsDevelopment())
            {
                opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Auto;
                opts.CodeGeneration.SourceCodeWritingEnabled = false;
                opts.UseRuntimeCompilation();
            }
            else
                opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Static;
        });

        builder.AddERaportProxy();
        services.AddERaportAccounts();
        VerificationRateLimit.AddReportCardVerification(services);
        services.AddERaportOperations(config);
        services.AddSingleton(new AuditRules(config.GetValue("Audit:LargeSwing", AuditRules.Default.LargeSwing), SchoolTime.Zone));
        services.AddERaportEventChain(config, connectionString, schema, readModel.BasePath);
        services.AddScoped<ReadConsistency>();
        services.AddSingleton<PastReportCards>();
        services.AddSingleton(new ReportCardCache(readModel));
        services.AddSingleton(new FlagTallies(readModel));
        services.AddSingleton<RenderedOnce>();
        services.AddHttpContextAccessor();
        services.AddRazorComponents();
        services.AddOpenApi();
        services.AddProblemDetails();

        if (config.GetValue<bool>("Demo:Seed"))
            services.AddHostedService<DemoSchoolSeeder>();
    }

    /// <summary>A form posted to a page that no longer shows it (its gradebook went to another teacher, its student moved to
    /// another class, the form's token is stale) gets an empty 400 from the framework: a blank page. Without a content type
    /// the status page explains it; it is re-executed as a GET, or it would look for the posted form too. A form the
    /// framework cannot read at all (a NUL pasted into a field), or one whose token belongs to another account, fails the same
    /// check and is told apart for the page.</summary>
    private static void UseStaleFormStatusPage(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null && HttpMethods.IsPost(context.Request.Method))
            context.Request.Method = HttpMethods.Get;
        await next(context);
        if (context.Response is { StatusCode: StatusCodes.Status400BadRequest, HasStarted: false } response && HttpMethods.IsPost(context.Request.Method)
            && !context.Request.Path.StartsWithSegments("/api"))
        {
            response.ContentType = null;
            response.ContentLength = null;
            var refused = context.Features.Get<IAntiforgeryValidationFeature>()?.Error;
            context.Items[RefusedForm] = refused?.InnerException is InvalidDataException ? FormRefusal.Unreadable
                : refused?.Message.Contains("current user", StringComparison.OrdinalIgnoreCase) == true ? FormRefusal.OtherUser
                : FormRefusal.Stale;
        }
    });

    /// <summary>Marks a request whose form was refused before any page saw it (a <see cref="FormRefusal"/>), for the status page.</summary>
    public const string RefusedForm = "eraport.refused-form";

    public static void UseERaport(this WebApplication app)
    {
        app.UseERaportProxy();
        app.UseRequestsInFlight();
        // Programs get JSON problems from /api, people get pages in Bahasa Indonesia.
        // People get pages in Bahasa Indonesia; /api answers JSON problems (the inner branch writes its body
        // first, so the page handlers leave those responses alone). The page handlers stay at the top level:
        // re-executing a path needs the app's routing, which a branch does not have.
        app.UseExceptionHandler("/kesalahan", createScopeForErrors: true);
        // Its own scope: a page that refused (404/403) already initialised this request's component services (500 otherwise, in Production).
        app.UseStatusCodePagesWithReExecute("/halaman/{0}", createScopeForStatusCodePages: true);
        app.UseStaleFormStatusPage();
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api =>
        {
            // A request the framework could not bind (a query value that is no date, no GUID) is the client's 4xx, not a crash.
            api.UseExceptionHandler(e => e.Run(c => Problems.ForStatus(
                c.Features.Get<IExceptionHandlerFeature>()?.Error is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError)
                .ExecuteAsync(c)));
            api.UseStatusCodePages(c => Problems.ForStatus(c.HttpContext.Response.StatusCode).ExecuteAsync(c.HttpContext));
        });
        // Inside the error handlers: PostgreSQL away is said as such (503), with no error page that would need it too.
        app.UseEventStoreOutage();
        app.MapStaticAssets();
        // Static files are served here, ahead of sign-in: an endpoint otherwise runs after every middleware, and
        // authenticating the request's cookie checks the session against PostgreSQL, so during an outage the 503
        // page's own stylesheet was refused too. They need neither the read model nor a user.
        app.Use((context, next) => context.GetEndpoint() is { RequestDelegate: { } serve } endpoint
            && endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null ? serve(context) : next(context));
        app.UseReadModelWarmUp();
        app.UseAuthentication();
        app.UseRateLimiter(); // the public verification page's lookups
        app.UseERaportAccounts();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapOpenApi();
        app.MapERaportApi();
        app.MapERaportOperations();
        app.MapERaportEventChain();
        app.MapERaportAudit();
        app.MapAccountEndpoints();
        app.MapAccountsApi();
        app.MapMasterDataApi();
        app.MapLockingApi();
        app.MapHomeroomApi();
        app.MapReportCardDownloads();
        app.MapPointInTimeApi();
        // Link checkers and messaging apps send HEAD before they preview a shared link (a parent shares /verifikasi/…):
        // pages answer it as GET does, and the server sends no body for a HEAD.
        app.MapRazorComponents<App>().Add(page => page.Metadata.Add(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head, HttpMethods.Post])));
    }
}

/// <summary>Why a form never reached its page: the page no longer shows it, its body could not be read, or its token was
/// given to another account than the one signed in now in this browser (someone signed in with their own in another tab; the
/// framework says so only in its message, "… meant for a different claims-based user than the current user" or "… meant for
/// user "x", but the current user is "y"").</summary>
public enum FormRefusal { Stale, Unreadable, OtherUser }
