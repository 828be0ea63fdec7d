using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.ML.AnoOnly.Cli.Data;
using Microsoft.ML.AnoOnly.Cli.Reports;
using Microsoft.ML.Data;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Microsoft.ML.AnoOnly.Cli.Commands
{
    /// <summary><c>anoonly evaluate</c>: ranking quality of a saved model on a file with true labels.</summary>
    internal sealed class EvaluateCommand : Command<EvaluateCommand.Settings>
    {
        private readonly IAnsiConsole _console;

        public EvaluateCommand(IAnsiConsole console) => _console = console;

        internal sealed class Settings : DataFileSettings
        {
            [CommandOption("-m|--model <FILE>")]
            [Description("The model saved by 'anoonly train'.")]
            [DefaultValue("model.zip")]
            public string Model { get; set; } = "model.zip";

            [CommandOption("-l|--label <COLUMN>")]
            [Description("The column of true labels (1/true = anomaly). Default: the model's training label column.")]
            public string? Label { get; set; }

            [CommandOption("-f|--features <COLUMNS>")]
            [Description("For a model saved by other code without the tool's manifest: the comma-separated numeric columns of its feature vector, in order.")]
            public string? Features { get; set; }

            [CommandOption("-k|--false-positives <LIST>")]
            [Description("Comma-separated false-positive budgets K for the detection rate at K false positives.")]
            [DefaultValue("10,50,100")]
            public string FalsePositives { get; set; } = "10,50,100";

            [CommandOption("--roc <FILE>")]
            [Description("Where to draw the ROC curve (PNG).")]
            [DefaultValue("roc.png")]
            public string Roc { get; set; } = "roc.png";

            public int[] Budgets()
            {
                string[] parts = FalsePositives.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var budgets = new List<int>();
                foreach (string part in parts)
                {
                    if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out int k) || k < 0)
                        throw new CliUserException($"--false-positives takes whole numbers of at least 0; got '{part}'.");
                    budgets.Add(k);
                }
                return budgets.Distinct().Order().ToArray();
            }
        }

        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
        {
            int[] budgets = settings.Budgets();
            DelimitedFile file = settings.OpenData();
            ModelManifest? manifest = ModelManifest.ReadFrom(settings.Model);
            int labelIndex = file.IndexOf(settings.Label ?? manifest?.LabelColumn ?? "label", "label");
            if (!file.IsNumeric[labelIndex] && !file.IsBoolean[labelIndex])
                throw new CliUserException($"Label column '{file.Columns[labelIndex]}' must hold 1/0 or true/false.");

            var mlContext = new MLContext(seed: 1);
            TransformerChain<AnoOnlyTransformer> model = ModelFiles.Load(mlContext, settings.Model, out DataViewSchema modelSchema);
            ModelInput modelInput = ModelInput.For(manifest, settings.Features, settings.Model, model, modelSchema, file);
            IDataView scored = ScoreCommand.Transform(model, modelInput.Loader(mlContext, file, labelIndex).Load(file.Path), modelInput);

            var scores = new List<float>();
            var labels = new List<bool>();
            var flags = new List<bool>();
            _console.Status().Start("Scoring...", _ =>
            {
                try
                {
                    Collect(scored, modelInput.LabelColumnName(file, labelIndex), scores, labels, flags, cancellationToken);
                }
                catch (Exception e) when (LibraryMessages.InputErrorIn(e) is AnoOnlyInputException input)
                {
                    throw LibraryMessages.Translate(input, modelInput.FeatureVector, modelInput.SlotColumns);
                }
            });

            var report = new RankingReport(scores.ToArray(), labels.ToArray());
            var table = new Table().AddColumn("Metric").AddColumn(new TableColumn("Value").RightAligned());
            table.AddRow("Rows", report.Rows.ToString("N0", CultureInfo.InvariantCulture));
            table.AddRow("Anomalies", report.Anomalies.ToString("N0", CultureInfo.InvariantCulture));
            double auc = report.AreaUnderRocCurve;
            table.AddRow("AUC-ROC", auc.ToString("F4", CultureInfo.InvariantCulture));
            table.AddRow("AUC-PR (average precision)", report.AreaUnderPrecisionRecallCurve.ToString("F4", CultureInfo.InvariantCulture));
            foreach (int k in budgets)
                table.AddRow($"Detection rate at {k} false positives", report.DetectionRateAtFalsePositives(k).ToString("P1", CultureInfo.InvariantCulture));
            (int flagged, double precision, double recall) = report.OfPredictions(flags);
            table.AddRow("Flagged (PredictedLabel = true)", flagged.ToString("N0", CultureInfo.InvariantCulture));
            table.AddRow("Precision of the flagged rows", precision.ToString("P1", CultureInfo.InvariantCulture));
            table.AddRow("Recall of the flagged rows", recall.ToString("P1", CultureInfo.InvariantCulture));
            _console.Write(table);

            string rocPath = Path.GetFullPath(settings.Roc);
            Directory.CreateDirectory(Path.GetDirectoryName(rocPath)!);
            (double[] fpr, double[] tpr) = report.RocCurve();
            RocPlot.Save(rocPath, fpr, tpr, auc, "ROC: " + Path.GetFileName(settings.Model) + " on " + Path.GetFileName(file.Path));
            _console.MarkupLine($"ROC curve: [green]{Markup.Escape(rocPath)}[/]");
            return ExitCodes.Ok;
        }

        /// <summary>Reads score, true label and predicted label of every row that has a true label.</summary>
        private static void Collect(IDataView scored, string labelColumn, List<float> scores, List<bool> labels, List<bool> flags,
            CancellationToken cancellationToken)
        {
            DataViewSchema.Column scoreColumn = scored.Schema["Score"], predictedColumn = scored.Schema["PredictedLabel"];
            using DataViewRowCursor cursor = scored.GetRowCursor(new[] { scoreColumn, predictedColumn, scored.Schema[labelColumn] });
            var getScore = cursor.GetGetter<float>(scoreColumn);
            var getPredicted = cursor.GetGetter<bool>(predictedColumn);
            Func<bool?> readLabel = LabelReader(cursor, scored.Schema[labelColumn]);
            float score = 0;
            bool predicted = false;
            while (cursor.MoveNext())
            {
                cancellationToken.ThrowIfCancellationRequested();
                bool? label = readLabel();
                if (label is null)
                    continue; // rows without a true label do not count
                getScore(ref score);
                getPredicted(ref predicted);
                scores.Add(score);
                labels.Add(label.Value);
                flags.Add(predicted);
            }
        }

        /// <summary>Reads the true label of the current row: true/false, or null when it is missing.</summary>
        private static Func<bool?> LabelReader(DataViewRowCursor cursor, DataViewSchema.Column column)
        {
            if (column.Type is BooleanDataViewType)
            {
                var get = cursor.GetGetter<bool>(column);
                bool value = false;
                return () => { get(ref value); return value; };
            }
            var getSingle = cursor.GetGetter<float>(column);
            float single = 0;
            return () => { getSingle(ref single); return float.IsNaN(single) ? null : single > 0; };
        }
    }
}
