using System;
using System.Collections.Generic;

namespace Microsoft.ML.AnoOnly.Cli.Data
{
    /// <summary>
    /// The library's errors about its input, in the user's terms. The tool gathers the user's columns into one
    /// feature vector the user never named; the library's <see cref="AnoOnlyInputException"/> says which row and
    /// which slot of that vector are at fault, and the slot is a position in the tool's list of feature columns.
    /// The label column keeps the user's own name (<see cref="FileLoaders.LabelColumnName"/>), so the library's
    /// messages about it need no translation.
    /// </summary>
    internal static class LibraryMessages
    {
        public static CliUserException Translate(AnoOnlyInputException error, IReadOnlyList<string> featureColumns)
        {
            if (error.ColumnName == FileLoaders.Features && error.Slot is int slot && slot >= 0 && slot < featureColumns.Count)
            {
                string where = error.Row is long row ? $"Data row {row + 1}" : "A row being scored";
                return new CliUserException(
                    $"{where}: column '{featureColumns[slot]}' holds no usable number (it is empty, not a number, or too large for " +
                    "a 32-bit float). Fill it in or remove the row.", error);
            }
            return new CliUserException(error.Message, error);
        }

        /// <summary>The library's input error behind <paramref name="error"/>: ML.NET's parallel cursors wrap
        /// exceptions thrown while rows are read.</summary>
        public static AnoOnlyInputException? InputErrorIn(Exception? error)
        {
            for (; error != null; error = error.InnerException)
            {
                if (error is AnoOnlyInputException input)
                    return input;
            }
            return null;
        }
    }
}
