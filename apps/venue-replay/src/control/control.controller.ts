import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { isVenue } from '@tickline/domain';

import type { ClientConnection } from '../gateway/client-connection';
import { ReplayService } from '../replay/replay.service';
import type { SessionStatus, VenueSession } from '../replay/venue-session';
import { faultSpecSchema } from '../faults/fault.schema';
import { FaultRuleDto, LoadRecordingsDto, SettingsDto } from './control.dto';

function describe(connection: ClientConnection) {
  return {
    id: connection.id,
    venue: connection.venue,
    tag: connection.tag ?? null,
    path: connection.path,
    remoteAddress: connection.remoteAddress ?? null,
    connectedAt: connection.connectedAt.toISOString(),
    open: connection.isOpen,
    stalled: connection.stalled,
    subscriptions: [...connection.subscriptions.keys()],
    counters: connection.counters,
    faults: connection.faults.list(),
  };
}

/**
 * The replay's control API: status, settings (speed, loop, time shift, start mode), start,
 * pause, resume, restart, loading recordings, the replay's own books, connections and faults.
 */
@Controller('control')
export class ControlController {
  constructor(private readonly replay: ReplayService) {}

  @Get('status')
  status(): { venues: SessionStatus[]; connections: number; faultRules: number } {
    return {
      venues: this.replay.allSessions().map((session) => session.status()),
      connections: this.replay.allConnections().length,
      faultRules: this.replay.faultRules.list().length,
    };
  }

  @Patch('venues')
  updateAll(@Body() body: SettingsDto): SessionStatus[] {
    return this.replay.allSessions().map((session) => {
      session.update(body);
      return session.status();
    });
  }

  @Get('venues/:venue')
  venue(@Param('venue') venue: string): SessionStatus {
    return this.session(venue).status();
  }

  @Patch('venues/:venue')
  update(@Param('venue') venue: string, @Body() body: SettingsDto): SessionStatus {
    const session = this.session(venue);
    session.update(body);
    return session.status();
  }

  @Post('venues/:venue/start')
  @HttpCode(HttpStatus.OK)
  start(@Param('venue') venue: string): SessionStatus {
    return this.act(venue, (session) => session.start());
  }

  @Post('venues/:venue/pause')
  @HttpCode(HttpStatus.OK)
  pause(@Param('venue') venue: string): SessionStatus {
    return this.act(venue, (session) => session.pause());
  }

  @Post('venues/:venue/resume')
  @HttpCode(HttpStatus.OK)
  resume(@Param('venue') venue: string): SessionStatus {
    return this.act(venue, (session) => session.resume());
  }

  /** Starts over from the beginning; connected clients are disconnected (close 1012). */
  @Post('venues/:venue/restart')
  @HttpCode(HttpStatus.OK)
  restart(@Param('venue') venue: string): SessionStatus {
    return this.act(venue, (session) => session.restart());
  }

  /** The replay's book of a stream at the current position (`?stream=<key>&depth=<n>`). */
  @Get('venues/:venue/book')
  book(
    @Param('venue') venue: string,
    @Query('stream') stream: string,
    @Query('depth') depth?: string,
  ) {
    const session = this.session(venue);
    const book = session.book(stream ?? '');
    if (!book) {
      throw new NotFoundException(
        `No book for stream ${JSON.stringify(stream)} on ${venue} at this position`,
      );
    }
    const limit = depth === undefined ? undefined : Math.max(1, Number(depth) || 1);
    const levels = (side: typeof book.state.bids) =>
      side.top(limit).map((level) => [level.price, level.size]);
    return {
      venue,
      stream: book.stream.key,
      position: session.status().position,
      meta: book.state.meta,
      timeShiftSec: book.timeShiftSec,
      bids: levels(book.state.bids),
      asks: levels(book.state.asks),
    };
  }

  @Post('recordings')
  load(@Body() body: LoadRecordingsDto): { venues: string[] } {
    return { venues: this.replay.load(body.paths) };
  }

  @Get('connections')
  connections() {
    return this.replay.allConnections().map(describe);
  }

  @Get('connections/:id')
  connection(@Param('id') id: string) {
    return describe(this.connectionById(id));
  }

  @Delete('connections/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  disconnect(@Param('id') id: string, @Query('mode') mode?: string): void {
    const connection = this.connectionById(id);
    if (mode === 'terminate') connection.terminate();
    else connection.close(1000, 'Closed by the replay control API');
  }

  /** Body: one fault (see fault.schema.ts); a union, so it is validated here, not by a DTO. */
  @Post('connections/:id/faults')
  addFault(@Param('id') id: string, @Body() body: unknown): { id: string; connection: string } {
    const connection = this.connectionById(id);
    const spec = faultSpecSchema.parse(body);
    return { id: this.replay.assign(connection, spec), connection: connection.id };
  }

  @Get('faults')
  rules() {
    return this.replay.faultRules.list();
  }

  @Post('faults')
  addRule(@Body() body: FaultRuleDto) {
    const { rule, assigned } = this.replay.addRule(body);
    return { id: rule.id, rule: rule.rule, assigned };
  }

  @Delete('faults')
  @HttpCode(HttpStatus.NO_CONTENT)
  clearRules(): void {
    this.replay.faultRules.clear();
  }

  private act(venue: string, action: (session: VenueSession) => void): SessionStatus {
    const session = this.session(venue);
    action(session);
    return session.status();
  }

  private session(venue: string): VenueSession {
    const session = isVenue(venue) ? this.replay.session(venue) : undefined;
    if (!session) {
      throw new NotFoundException(`Venue ${JSON.stringify(venue)} is not being replayed`);
    }
    return session;
  }

  private connectionById(id: string): ClientConnection {
    const connection = this.replay.connection(id);
    if (!connection) {
      throw new NotFoundException(`No open connection ${JSON.stringify(id)}`);
    }
    return connection;
  }
}
