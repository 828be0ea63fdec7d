using System;

namespace Microsoft.ML.AnoOnly.Cli
{
    /// <summary>A problem the user can fix (a file, a column, an option): reported as one line, exit code 1.</summary>
    internal sealed class CliUserException : Exception
    {
        public CliUserException(string message, Exception? inner = null) : base(message, inner) { }
    }
}
