using System.Globalization;
using System.Threading;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Microsoft.ML.AnoOnly.Cli.Commands
{
    /// <summary><c>anoonly backbones</c>: the library's backbones and their defaults, as the library lists them.</summary>
    internal sealed class BackbonesCommand : Spectre.Console.Cli.Command
    {
        private readonly IAnsiConsole _console;

        public BackbonesCommand(IAnsiConsole console) => _console = console;

        public override int Execute(CommandContext context, CancellationToken cancellationToken)
        {
            var table = new Table().AddColumn("Backbone").AddColumn("What it is").AddColumn(new TableColumn("Epochs").RightAligned())
                .AddColumn(new TableColumn("Batch").RightAligned()).AddColumn(new TableColumn("Learning rate").RightAligned())
                .AddColumn(new TableColumn("Min. labeled").RightAligned());
            foreach (AnoOnlyBackboneInfo backbone in AnoOnlyBackboneInfo.All)
                table.AddRow(Markup.Escape(backbone.Name), Markup.Escape(backbone.Summary),
                    backbone.DefaultEpochs?.ToString(CultureInfo.InvariantCulture) ?? "each its own",
                    backbone.DefaultBatchSize?.ToString(CultureInfo.InvariantCulture) ?? "",
                    backbone.DefaultLearningRate?.ToString("G3", CultureInfo.InvariantCulture) ?? "",
                    backbone.MinimumLabeledAnomalies.ToString(CultureInfo.InvariantCulture));
            _console.Write(table);
            return ExitCodes.Ok;
        }
    }
}
