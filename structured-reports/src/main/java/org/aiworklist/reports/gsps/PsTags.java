package org.aiworklist.reports.gsps;

import com.pixelmed.dicom.AttributeTag;

/**
 * Presentation state attributes that PixelMed's TagFromName lacks (its dictionary knows them and their VRs):
 * Graphic Annotation, Graphic Layer, Displayed Area and Softcopy VOI LUT modules (PS3.3 C.10.5, C.10.7, C.10.4,
 * C.11.8).
 */
public final class PsTags {
    private PsTags() {}

    public static final AttributeTag ANCHOR_POINT = new AttributeTag(0x0070, 0x0014);
    public static final AttributeTag ANCHOR_POINT_ANNOTATION_UNITS = new AttributeTag(0x0070, 0x0004);
    public static final AttributeTag ANCHOR_POINT_VISIBILITY = new AttributeTag(0x0070, 0x0015);
    public static final AttributeTag BOUNDING_BOX_ANNOTATION_UNITS = new AttributeTag(0x0070, 0x0003);
    public static final AttributeTag BOUNDING_BOX_BOTTOM_RIGHT_HAND_CORNER = new AttributeTag(0x0070, 0x0011);
    public static final AttributeTag BOUNDING_BOX_TEXT_HORIZONTAL_JUSTIFICATION = new AttributeTag(0x0070, 0x0012);
    public static final AttributeTag BOUNDING_BOX_TOP_LEFT_HAND_CORNER = new AttributeTag(0x0070, 0x0010);
    public static final AttributeTag DISPLAYED_AREA_BOTTOM_RIGHT_HAND_CORNER = new AttributeTag(0x0070, 0x0053);
    public static final AttributeTag DISPLAYED_AREA_SELECTION_SEQUENCE = new AttributeTag(0x0070, 0x005A);
    public static final AttributeTag DISPLAYED_AREA_TOP_LEFT_HAND_CORNER = new AttributeTag(0x0070, 0x0052);
    public static final AttributeTag GRAPHIC_ANNOTATION_UNITS = new AttributeTag(0x0070, 0x0005);
    public static final AttributeTag GRAPHIC_DIMENSIONS = new AttributeTag(0x0070, 0x0020);
    public static final AttributeTag GRAPHIC_FILLED = new AttributeTag(0x0070, 0x0024);
    public static final AttributeTag GRAPHIC_LAYER = new AttributeTag(0x0070, 0x0002);
    public static final AttributeTag GRAPHIC_LAYER_DESCRIPTION = new AttributeTag(0x0070, 0x0068);
    public static final AttributeTag GRAPHIC_LAYER_ORDER = new AttributeTag(0x0070, 0x0062);
    public static final AttributeTag GRAPHIC_LAYER_RECOMMENDED_DISPLAY_GRAYSCALE_VALUE =
            new AttributeTag(0x0070, 0x0066);
    public static final AttributeTag GRAPHIC_LAYER_SEQUENCE = new AttributeTag(0x0070, 0x0060);
    public static final AttributeTag GRAPHIC_OBJECT_SEQUENCE = new AttributeTag(0x0070, 0x0009);
    public static final AttributeTag NUMBER_OF_GRAPHIC_POINTS = new AttributeTag(0x0070, 0x0021);
    public static final AttributeTag PRESENTATION_PIXEL_ASPECT_RATIO = new AttributeTag(0x0070, 0x0102);
    public static final AttributeTag PRESENTATION_PIXEL_SPACING = new AttributeTag(0x0070, 0x0101);
    public static final AttributeTag PRESENTATION_SIZE_MODE = new AttributeTag(0x0070, 0x0100);
    public static final AttributeTag TEXT_OBJECT_SEQUENCE = new AttributeTag(0x0070, 0x0008);
    public static final AttributeTag UNFORMATTED_TEXT_VALUE = new AttributeTag(0x0070, 0x0006);
    public static final AttributeTag SOFTCOPY_VOI_LUT_SEQUENCE = new AttributeTag(0x0028, 0x3110);
}
