using System;
using System.IO;
using Microsoft.ML.AnoOnly.Cli;
using Spectre.Console;

namespace Microsoft.ML.AnoOnly.Tests.Cli
{
    /// <summary>Runs the <c>anoonly</c> command line in-process and captures what it prints.</summary>
    internal static class CliRunner
    {
        public sealed record Result(int ExitCode, string Output);

        public static Result Run(params string[] args)
        {
            var writer = new StringWriter();
            IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
                Out = new AnsiConsoleOutput(writer),
            });
            console.Profile.Width = 200;
            int exitCode = CliApp.Run(args, console);
            return new Result(exitCode, writer.ToString());
        }
    }

    /// <summary>A temporary folder removed after the test.</summary>
    internal sealed class TempFolder : IDisposable
    {
        public TempFolder() => Directory.CreateDirectory(Path);

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "anoonly-cli-" + Guid.NewGuid().ToString("N"));

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            if (Directory.Exists(Path))
                Directory.Delete(Path, recursive: true);
        }
    }
}
