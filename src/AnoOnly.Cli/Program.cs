using Spectre.Console;

namespace Microsoft.ML.AnoOnly.Cli
{
    internal static class Program
    {
        private static int Main(string[] args) => CliApp.Run(args, AnsiConsole.Console);
    }
}
