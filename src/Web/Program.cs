using ERaport.Web.Hosting;
using JasperFx;

var builder = WebApplication.CreateBuilder(args);
try
{
    builder.AddERaport();
}
catch (StartRefused refused)
{
    Console.Error.WriteLine($"E-Raport cannot start: {refused.Message}");
    return StartRefused.ExitCode;
}

var app = builder.Build();
app.UseERaport();

// Arguments select a JasperFx command (projections, codegen, db-apply, describe); none runs the app.
if (args.Length > 0)
    return await app.RunJasperFxCommands(args);
await app.RunAsync();
return 0;

/// <summary>Exposed for the integration tests (Alba).</summary>
public partial class Program;
