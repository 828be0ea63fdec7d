// Serving an AnoOnly model from ASP.NET Core: load the saved zip once (LoadAnoOnly), score requests with a pool of
// prediction engines, and explain them on request ({"features": [...], "explain": 3}). Run: dotnet run --project examples/Deployment  (serves http://localhost:5000)
// Headless check: dotnet run --project examples/Deployment -- --self-test
//   (starts on a free loopback port, posts requests, prints the results and exits)
// Another model: --model path/to/model.zip (a zip saved by mlContext.Model.Save or 'anoonly train').
using Deployment;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

bool selfTest = args.Contains("--self-test");
int modelArg = Array.IndexOf(args, "--model");
string modelPath = modelArg >= 0 && modelArg + 1 < args.Length
    ? args[modelArg + 1]
    : Path.Combine(AppContext.BaseDirectory, "cardio-model.zip");
if (modelArg < 0 && !File.Exists(modelPath))
{
    Console.WriteLine($"No --model given: training a demo model on the bundled 6_cardio data -> {modelPath}");
    DemoModel.TrainAndSave(modelPath);
}

// <host>
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--self-test").ToArray());
builder.Logging.SetMinimumLevel(selfTest ? LogLevel.Warning : LogLevel.Information);
// One pool for the whole application: the model zip is read once at start-up.
builder.Services.AddSingleton(new AnomalyScorerPool(modelPath));
if (selfTest)
    builder.WebHost.UseUrls("http://127.0.0.1:0");

WebApplication app = builder.Build();
ScoringEndpoints.Map(app);
// </host>

if (!selfTest)
{
    app.Run();
    return 0;
}

await app.StartAsync();
Uri address = new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
Console.WriteLine($"Serving {modelPath} on {address}");
bool passed = await SelfTest.RunAsync(address);
await app.StopAsync();
return passed ? 0 : 1;
