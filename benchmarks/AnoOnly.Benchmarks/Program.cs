using System;
using System.IO;
using AnoOnly.Benchmarks.Cli;
using Spectre.Console;
using Spectre.Console.Cli;

namespace AnoOnly.Benchmarks
{
    /// <summary>
    /// The AnoOnly benchmark program: accuracy (AUC-ROC, AUC-PR) of every AnoOnly backbone with the Full and
    /// the AnoOnly loss next to ML.NET's RandomizedPca and LightGBM on the same splits, label noise, speed
    /// and scale. <c>dotnet run -c Release --project benchmarks/AnoOnly.Benchmarks -- --help</c>.
    /// </summary>
    public static class Program
    {
        /// <summary>The arguments of the current run, for the command line recorded in summary.md.</summary>
        internal static string[] Arguments { get; private set; } = Array.Empty<string>();

        /// <summary>Runs the program with <paramref name="args"/>; returns the exit code.</summary>
        public static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == Runs.ScaleProbe.Verb)
                return Runs.ScaleProbe.RunInThisProcess(args);
            Arguments = args;
            var app = new CommandApp<BenchmarkCommand>();
            app.Configure(config =>
            {
                config.SetApplicationName("AnoOnly.Benchmarks");
                config.SetExceptionHandler((e, _) =>
                {
                    // Expected failures (no data folder, bad option) get one readable line, not a stack trace.
                    if (e is DirectoryNotFoundException or FileNotFoundException or ArgumentException or CommandParseException or CommandRuntimeException)
                        AnsiConsole.MarkupLine($"[red]error[/]: {Markup.Escape(e.Message)}");
                    else
                        AnsiConsole.WriteException(e);
                    return 2;
                });
            });
            return app.Run(args);
        }
    }
}
