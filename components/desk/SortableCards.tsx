"use client";
/**
 * Drag-and-drop ordering of the desk's cards with @dnd-kit (maintained, accessible): a card's
 * handle is dragged with a mouse or finger, or moved with the keyboard (focus the handle, Space
 * to lift, arrow keys to move, Space to drop, Escape to cancel), with spoken announcements that
 * name the card. The drop sends one `card:move` to the server, which checks the role as always.
 */
import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
} from "@dnd-kit/core";
import { rectSortingStrategy, SortableContext, sortableKeyboardCoordinates } from "@dnd-kit/sortable";
import type { ReactNode } from "react";
import type { Card } from "@/lib/protocol";

interface Props {
  cards: Card[];
  onMove: (card: Card, toIndex: number) => void;
  children: ReactNode;
}

export function SortableCards({ cards, onMove, children }: Props) {
  const sensors = useSensors(
    // A few pixels before a drag starts, so a click on the handle stays a click.
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const titleOf = (id: string | number) => cards.find((c) => c.id === id)?.title ?? "the card";
  const positionOf = (id: string | number) => cards.findIndex((c) => c.id === id) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up “${titleOf(active.id)}”, position ${positionOf(active.id)} of ${cards.length}.`,
    onDragOver: ({ active, over }) => (over ? `“${titleOf(active.id)}” is over position ${positionOf(over.id)} of ${cards.length}.` : `“${titleOf(active.id)}” is not over a card.`),
    onDragEnd: ({ active, over }) => (over ? `“${titleOf(active.id)}” dropped at position ${positionOf(over.id)}.` : `“${titleOf(active.id)}” dropped where it was.`),
    onDragCancel: ({ active }) => `Moving “${titleOf(active.id)}” cancelled; it stays at position ${positionOf(active.id)}.`,
  };

  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over || active.id === over.id) return;
    const card = cards.find((c) => c.id === active.id);
    const to = cards.findIndex((c) => c.id === over.id);
    if (card && to >= 0) onMove(card, to);
  }

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable: "To move this card, press Space, then the arrow keys; Space again to drop it, Escape to cancel.",
        },
      }}
    >
      <SortableContext items={cards.map((c) => c.id)} strategy={rectSortingStrategy}>
        {children}
      </SortableContext>
    </DndContext>
  );
}
