using System;
using System.Collections.Generic;

namespace Microsoft.ML.AnoOnly.Cli.Data
{
    /// <summary>
    /// The library's errors about its input, in the user's terms, built from the exception's fields (column, row, slot),
    /// never from its message. Raw columns keep the CSV's names, so an error about one of them already names what the
    /// user wrote; an error about the feature vector names a slot of it, which the slot's CSV column (see
    /// <see cref="SlotColumns"/>) maps back to what the user wrote.
    /// </summary>
    internal static class LibraryMessages
    {
        /// <param name="error">The library's error.</param>
        /// <param name="featureVector">The name of the feature vector the model reads.</param>
        /// <param name="slotColumns">The CSV column of each slot of that vector (null where unknown).</param>
        /// <param name="firstRow">The data row of the file that the rows the library saw start at (when it saw a part).</param>
        public static CliUserException Translate(AnoOnlyInputException error, string featureVector, IReadOnlyList<string?> slotColumns,
            long firstRow = 0)
        {
            string where = error.Row is long row ? $"Data row {firstRow + row + 1}" : "A row being scored";
            if (error.ColumnName == featureVector && error.Slot is int slot && slot >= 0 && slot < slotColumns.Count
                && slotColumns[slot] is string column)
            {
                return new CliUserException(
                    $"{where}: column '{column}' holds no usable number (it is empty, not a number, or too large for a 32-bit " +
                    "float). Fill it in or remove the row.", error);
            }
            if (error.Row != null && error.ColumnName != null && error.ColumnName != featureVector && error.Slot == null)
            {
                // The featurizer under --missing error: a raw column, by its own name, and the row of the blank.
                return new CliUserException(
                    $"{where}: column '{error.ColumnName}' is blank (or not a number), and --missing error refuses missing values. " +
                    "Fill it in, or train with --missing impute (the default) to replace blanks with the training mean.", error);
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
