import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Auth, AuthUser, CurrentUser } from '@roundtable/auth';
import type { AcknowledgementShare, BulletinQuestionView, BulletinView, DispatchProgress, TimelineEntry } from '@roundtable/contracts';
import { BulletinFeedbackService } from './bulletin-feedback.service';
import { AnswerDto, BulletinDto, CorrectionDto, FeedQueryDto, QuestionDto, ReviewNoteDto, TimelineQueryDto } from './dto/bulletin.dto';
import { BulletinsService } from './bulletins.service';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('bulletins')
@Controller('bulletins')
export class BulletinsController {
  constructor(
    private readonly bulletins: BulletinsService,
    private readonly feedback: BulletinFeedbackService,
  ) {}

  /** Answers a question; `clarification: true` marks it for everyone who received the bulletin. */
  @Post('questions/:questionId/answer')
  @HttpCode(200)
  @Auth('abh-liaison')
  answer(@CurrentUser() user: AuthUser, @Param('questionId', uuid) questionId: string, @Body() body: AnswerDto): Promise<BulletinQuestionView> {
    return this.feedback.answer(user, questionId, body.answer, body.clarification ?? false);
  }

  /** The read receipt, sent when a member opens a bulletin. */
  @Post(':id/read')
  @HttpCode(204)
  @Auth()
  read(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.feedback.read(user, id);
  }

  /** "I have read and understood this" (partner staff). */
  @Post(':id/acknowledge')
  @HttpCode(200)
  @Auth('abh-liaison', 'integration-manager', 'caseworker', 'bulletin-editor', 'network-admin')
  acknowledge(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<{ acknowledgedAt: string }> {
    return this.feedback.acknowledge(user, id);
  }

  /** Per organisation: the share of its staff who acknowledged. */
  @Get(':id/acknowledgements')
  @Auth('abh-liaison', 'bulletin-editor')
  acknowledgements(@Param('id', uuid) id: string): Promise<AcknowledgementShare[]> {
    return this.feedback.shares(id);
  }

  @Get(':id/questions')
  @Auth()
  questions(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<BulletinQuestionView[]> {
    return this.feedback.questions(user, id);
  }

  /** Members and volunteers ask; the ABH answers. */
  @Post(':id/questions')
  @Auth()
  ask(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() body: QuestionDto): Promise<BulletinQuestionView> {
    return this.feedback.ask(user, id, body.body);
  }

  /** The member's feed: published bulletins for their audiences (authors also see drafts and reviews). */
  @Get()
  @Auth()
  feed(@CurrentUser() user: AuthUser, @Query() query: FeedQueryDto): Promise<BulletinView[]> {
    return this.bulletins.feed(user, query.language);
  }

  /** What is in force on a date and what comes into force next. */
  @Get('timeline')
  @Auth()
  timeline(@CurrentUser() user: AuthUser, @Query() query: TimelineQueryDto): Promise<{ date: string; inForce: TimelineEntry[]; upcoming: TimelineEntry[] }> {
    return this.bulletins.timeline(user, query.date, query.language);
  }

  @Get(':id')
  @Auth()
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Query() query: FeedQueryDto): Promise<BulletinView> {
    return this.bulletins.get(user, id, query.language);
  }

  /** Live progress of the dispatch: sent, sending, pending, failed, paused. */
  @Get(':id/dispatch')
  @Auth('abh-liaison', 'bulletin-editor')
  progress(@Param('id', uuid) id: string): Promise<DispatchProgress> {
    return this.bulletins.progress(id);
  }

  /** Resumes a dispatch that paused itself after failures. */
  @Post(':id/dispatch/resume')
  @HttpCode(200)
  @Auth('abh-liaison')
  resume(@Param('id', uuid) id: string): Promise<DispatchProgress> {
    return this.bulletins.resume(id);
  }

  @Post()
  @Auth('abh-liaison', 'bulletin-editor')
  create(@CurrentUser() user: AuthUser, @Body() body: BulletinDto): Promise<BulletinView> {
    return this.bulletins.create(user, body);
  }

  @Patch(':id')
  @Auth('abh-liaison', 'bulletin-editor')
  update(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() body: BulletinDto): Promise<BulletinView> {
    return this.bulletins.update(user, id, body);
  }

  /** Draft -> in review. */
  @Post(':id/submit')
  @HttpCode(200)
  @Auth('abh-liaison', 'bulletin-editor')
  submit(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() body: ReviewNoteDto): Promise<BulletinView> {
    return this.bulletins.step(user, id, 'submit', body.note);
  }

  /** In review -> draft, with what to change. A second person only. */
  @Post(':id/return')
  @HttpCode(200)
  @Auth('abh-liaison')
  giveBack(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() body: ReviewNoteDto): Promise<BulletinView> {
    return this.bulletins.step(user, id, 'return', body.note);
  }

  /** In review -> published: by a second person with the right to publish, never the author. */
  @Post(':id/publish')
  @HttpCode(200)
  @Auth('abh-liaison')
  publish(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() body: ReviewNoteDto): Promise<BulletinView> {
    return this.bulletins.step(user, id, 'publish', body.note);
  }

  /** Starts a correction: a draft of the next version with a change note; published again with four eyes. */
  @Post(':id/corrections')
  @HttpCode(200)
  @Auth('abh-liaison', 'bulletin-editor')
  correct(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() body: CorrectionDto): Promise<BulletinView> {
    return this.bulletins.correct(user, id, body.changeNote);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Auth('abh-liaison')
  withdraw(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() body: ReviewNoteDto): Promise<BulletinView> {
    return this.bulletins.step(user, id, 'withdraw', body.note);
  }
}
