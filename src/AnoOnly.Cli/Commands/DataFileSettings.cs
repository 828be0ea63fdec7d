using System.ComponentModel;
using Microsoft.ML.AnoOnly.Cli.Data;
using Spectre.Console.Cli;

namespace Microsoft.ML.AnoOnly.Cli.Commands
{
    /// <summary>Options shared by the commands that read a delimited text file.</summary>
    internal abstract class DataFileSettings : CommandSettings
    {
        [CommandArgument(0, "<data>")]
        [Description("The data file: delimited text (CSV by default) with a header row.")]
        public string Data { get; set; } = string.Empty;

        [CommandOption("--separator <CHAR>")]
        [Description("Column separator: one character, or comma, tab, semicolon, space, pipe.")]
        [DefaultValue(",")]
        public string Separator { get; set; } = ",";

        [CommandOption("--no-header")]
        [Description("The file has no header row; columns are then named col0, col1 and so on.")]
        public bool NoHeader { get; set; }

        public DelimitedFile OpenData() => DelimitedFile.Open(Data, DelimitedFile.ParseSeparator(Separator), !NoHeader);
    }
}
