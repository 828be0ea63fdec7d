using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Microsoft.ML.AnoOnly.Cli.Commands
{
    /// <summary>
    /// Options of the commands that fit a model on a raw table (<c>train</c>, <c>sweep</c>): which columns are the label,
    /// the features and the categories, what a blank cell does, and where the model goes. One declaration, so the commands
    /// read the table the same way.
    /// </summary>
    internal abstract class TrainingDataSettings : DataFileSettings
    {
        [CommandOption("-l|--label <COLUMN>")]
        [Description("The label column: 1 (or true) marks a known anomaly; 0, false or empty marks an unlabeled row.")]
        [DefaultValue("label")]
        public string Label { get; set; } = "label";

        [CommandOption("-f|--features <COLUMNS>")]
        [Description("Comma-separated columns to use (numbers or text). Default: every column but the label; id-like text columns are left out.")]
        public string? Features { get; set; }

        [CommandOption("--categorical <COLUMNS>")]
        [Description("Comma-separated columns to one-hot encode, text or numbers; other text columns are then left out. Default: text columns with at most 100 distinct values in the first rows.")]
        public string? Categorical { get; set; }

        [CommandOption("--missing <RULE>")]
        [Description("What a blank number does: Impute (the training mean, plus a missing indicator for columns with blanks) or Error (stop, naming the column and row).")]
        [DefaultValue(AnoOnlyMissingValues.Impute)]
        public AnoOnlyMissingValues Missing { get; set; } = AnoOnlyMissingValues.Impute;

        [CommandOption("-s|--seed <N>")]
        [Description("Seed of initialisation and sampling: the same seed and data give the same model.")]
        [DefaultValue(1)]
        public int Seed { get; set; } = 1;

        [CommandOption("-c|--contamination <SHARE>")]
        [Description("Expected share of anomalies; sets the decision threshold (PredictedLabel). In (0, 0.5]].")]
        [DefaultValue(0.1)]
        public double Contamination { get; set; } = 0.1;

        [CommandOption("-o|--out <FILE>")]
        [Description("Where to save the model (a zip that mlContext.Model.Load reads).")]
        [DefaultValue("model.zip")]
        public string Out { get; set; } = "model.zip";

        public override ValidationResult Validate()
            => string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out must name a file.") : ValidationResult.Success();
    }
}
