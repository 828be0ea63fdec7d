using System;
using System.IO;

namespace Microsoft.ML.AnoOnly
{
    /// <summary>
    /// The data given to the trainer or to a model does not fit: a missing column, a column of the wrong
    /// type, a non-finite feature value, or no labeled anomaly. The message names the column, and the row
    /// where one is at fault.
    /// </summary>
    public sealed class AnoOnlyInputException : ArgumentException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">What is wrong and what to do about it.</param>
        /// <param name="columnName">The column at fault, when one is.</param>
        /// <param name="row">The zero-based row at fault, when one is.</param>
        /// <param name="slot">The zero-based position in a vector column at fault, when one is.</param>
        public AnoOnlyInputException(string message, string? columnName = null, long? row = null, int? slot = null)
            : base(message)
        {
            ColumnName = columnName;
            Row = row;
            Slot = slot;
        }

        /// <summary>The column at fault, when one is.</summary>
        public string? ColumnName { get; }

        /// <summary>The zero-based row at fault, when one is.</summary>
        public long? Row { get; }

        /// <summary>
        /// The zero-based slot of the vector column <see cref="ColumnName"/> at fault, when one is: for a feature
        /// vector gathered with <c>Concatenate</c>, the position of the source column (an application that built
        /// the vector can name that column to its user).
        /// </summary>
        public int? Slot { get; }
    }

    /// <summary>Training could not produce a usable model (for example the loss diverged).</summary>
    public sealed class AnoOnlyTrainingException : InvalidOperationException
    {
        /// <summary>Creates the exception.</summary>
        public AnoOnlyTrainingException(string message, Exception? inner = null) : base(message, inner) { }

        /// <summary>Creates the exception for a failure in a given epoch.</summary>
        public AnoOnlyTrainingException(string message, int epoch) : base(message) => Epoch = epoch;

        /// <summary>The one-based epoch (of the training stage named in the message) in which training failed,
        /// when it failed inside the training loop.</summary>
        public int? Epoch { get; }
    }

    /// <summary>
    /// A saved AnoOnly model cannot be read: it is truncated, corrupted, or written by a newer version of
    /// Microsoft.ML.AnoOnly.
    /// </summary>
    public sealed class AnoOnlyModelFormatException : FormatException
    {
        /// <summary>Creates the exception.</summary>
        public AnoOnlyModelFormatException(string message, Exception? inner = null) : base(message, inner) { }

        /// <summary>Creates the exception for a model file.</summary>
        public AnoOnlyModelFormatException(string message, string filePath, Exception? inner) : base(message, inner) => FilePath = filePath;

        /// <summary>The model file at fault, when the model was read from a file
        /// (see <see cref="AnoOnlyModelOperationsExtensions.LoadValidated"/>).</summary>
        public string? FilePath { get; }
    }
}
