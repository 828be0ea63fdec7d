using System;
using System.ComponentModel;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.ML.AnoOnly.Cli.Data;
using Microsoft.ML.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Microsoft.ML.AnoOnly.Cli.Commands
{
    /// <summary>
    /// <c>anoonly export</c>: writes a saved model as an ONNX model (input <c>Features</c>, the feature columns in the
    /// model's order with the tool's min-max normalization folded in; outputs <c>Score</c> and <c>PredictedLabel</c>), to
    /// score it with ONNX Runtime, SynapseML or SQL's <c>PREDICT</c>.
    /// </summary>
    internal sealed class ExportCommand : Command<ExportCommand.Settings>
    {
        private readonly IAnsiConsole _console;

        public ExportCommand(IAnsiConsole console) => _console = console;

        internal sealed class Settings : CommandSettings
        {
            [CommandOption("-m|--model <FILE>")]
            [Description("The model saved by 'anoonly train' (or any ML.NET zip whose pipeline ends with an AnoOnly model).")]
            [DefaultValue("model.zip")]
            public string Model { get; set; } = "model.zip";

            [CommandOption("--onnx <FILE>")]
            [Description("Where to write the ONNX model.")]
            public string? Onnx { get; set; }

            [CommandOption("--column-inputs")]
            [Description("One input per feature column, [N, 1], named as in the CSV, instead of one Features [N, d] input (for SQL PREDICT).")]
            public bool ColumnInputs { get; set; }

            public override ValidationResult Validate()
                => string.IsNullOrWhiteSpace(Onnx) ? ValidationResult.Error("--onnx must name the file to write.") : ValidationResult.Success();
        }

        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            ModelManifest? manifest = ModelManifest.ReadFrom(settings.Model);
            var mlContext = new MLContext(seed: 1);
            TransformerChain<AnoOnlyTransformer> model = ModelFiles.Load(mlContext, settings.Model);
            string outPath = Path.GetFullPath(settings.Onnx!);
            string temp = outPath + ".partial";
            try
            {
                using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write))
                {
                    if (settings.ColumnInputs)
                        mlContext.Model.ConvertAnoOnlyToOnnx(model, stream, ColumnNames(manifest, model.LastTransformer, settings.Model));
                    else
                        mlContext.Model.ConvertAnoOnlyToOnnx(model, stream);
                }
                File.Move(temp, outPath, overwrite: true);
            }
            catch (NotSupportedException e)
            {
                throw new CliUserException(e.Message, e);
            }
            finally
            {
                if (File.Exists(temp))
                    File.Delete(temp);
            }

            AnoOnlyTransformer detector = model.LastTransformer;
            _console.MarkupLine($"Wrote [green]{Markup.Escape(outPath)}[/] ({new FileInfo(outPath).Length:N0} bytes): {Markup.Escape(detector.Backbone.ToString())}, " +
                                $"{detector.Loss} loss, threshold {detector.Threshold.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}.");
            if (manifest is { ReadsRawColumns: true })
            {
                // The featurizer (imputation, one-hot encoding, scaling) is ML.NET transforms the exporter does not translate.
                _console.MarkupLine($"Input [bold]Features[/]: float [[N, {detector.FeatureCount}]], the feature vector the model's preparation makes of the columns " +
                                    $"{Markup.Escape(string.Join(", ", manifest.FeatureColumns))} (blanks imputed, categories one-hot encoded, min-max scaled). " +
                                    "That preparation is not in the ONNX model: run it with ML.NET (the model zip) before ONNX.");
            }
            else
            {
                string features = manifest?.FeatureColumns.Length == detector.FeatureCount
                    ? string.Join(", ", manifest.FeatureColumns)
                    : $"{detector.FeatureCount} values";
                string normalization = model.Count() > 1 ? " (the normalization is inside the ONNX model)." : ".";
                if (settings.ColumnInputs)
                    _console.MarkupLine($"Inputs: one float [[N, 1]] per column, named {Markup.Escape(features)}{normalization}");
                else
                    _console.MarkupLine($"Input [bold]Features[/]: float [[N, {detector.FeatureCount}]], the raw columns {Markup.Escape(features)} in this order{normalization}");
            }
            _console.MarkupLine("Outputs [bold]Score[/]: float [[N]]; [bold]PredictedLabel[/]: bool [[N]] (Score > threshold).");
            return ExitCodes.Ok;
        }

        private static string[] ColumnNames(ModelManifest? manifest, AnoOnlyTransformer model, string modelPath)
        {
            if (manifest is { ReadsRawColumns: true })
                throw new CliUserException(
                    $"'{modelPath}' prepares its columns ({string.Join(", ", manifest.FeatureColumns)}) before scoring, and that preparation is not " +
                    "part of the ONNX model, so its inputs cannot be the CSV's columns: export without --column-inputs and feed the prepared vector.");
            return manifest?.FeatureColumns.Length == model.FeatureCount
                ? manifest.FeatureColumns
                : throw new CliUserException($"'{modelPath}' was not saved by 'anoonly train', so it does not name its feature columns: --column-inputs needs them.");
        }
    }
}
