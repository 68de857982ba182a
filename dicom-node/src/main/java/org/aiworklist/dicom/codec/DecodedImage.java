package org.aiworklist.dicom.codec;

/** One decoded grayscale image: row-major samples of 2 to 16 bits, stored in shorts (unsigned). */
record DecodedImage(int width, int height, int precision, short[] samples) {}
