namespace Microsoft.ML.AnoOnly.Cli
{
    /// <summary>The exit codes of the <c>anoonly</c> tool.</summary>
    internal static class ExitCodes
    {
        /// <summary>The command did its job.</summary>
        public const int Ok = 0;

        /// <summary>The input was at fault: a bad option, a missing file or column, unusable data.</summary>
        public const int UserError = 1;

        /// <summary>Anything else: a defect or an environment problem; the message says what happened.</summary>
        public const int Unexpected = 2;
    }
}
